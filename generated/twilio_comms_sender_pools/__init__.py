"""A client library for accessing Twilio Communications API - Sender Pools"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
