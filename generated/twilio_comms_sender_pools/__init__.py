"""A client library for accessing Twilio Communications API - Sender Pools"""

from .client import DEFAULT_BASE_URL, AuthenticatedClient, Client, RetryPolicy

__all__ = (
    "DEFAULT_BASE_URL",
    "AuthenticatedClient",
    "Client",
    "RetryPolicy",
)
