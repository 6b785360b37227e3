"""A client library for accessing Twilio Communications API - Sender Pools"""

from .client import DEFAULT_BASE_URL, DEFAULT_TIMEOUT, AuthenticatedClient, Client, RetryPolicy, deadline
from .errors import ApiError, OperationTimeout

__all__ = (
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "ApiError",
    "AuthenticatedClient",
    "Client",
    "OperationTimeout",
    "RetryPolicy",
    "deadline",
)
