"""Contains all the data models used in inputs/outputs"""

from .accepted_operation import AcceptedOperation
from .create_sender_pool_request import CreateSenderPoolRequest
from .error import Error
from .error_details_item import ErrorDetailsItem
from .operation_status import OperationStatus
from .pagination import Pagination
from .resource_reference import ResourceReference
from .sender import Sender
from .sender_communication_channel import SenderCommunicationChannel
from .sender_list import SenderList
from .sender_pool import SenderPool
from .sender_pool_list import SenderPoolList
from .sender_pool_operation import SenderPoolOperation
from .sender_pool_operation_list import SenderPoolOperationList
from .sender_pool_operation_stats import SenderPoolOperationStats
from .sender_reference import SenderReference
from .sender_status import SenderStatus
from .tags import Tags
from .update_sender_pool_request import UpdateSenderPoolRequest

__all__ = (
    "AcceptedOperation",
    "CreateSenderPoolRequest",
    "Error",
    "ErrorDetailsItem",
    "OperationStatus",
    "Pagination",
    "ResourceReference",
    "Sender",
    "SenderCommunicationChannel",
    "SenderList",
    "SenderPool",
    "SenderPoolList",
    "SenderPoolOperation",
    "SenderPoolOperationList",
    "SenderPoolOperationStats",
    "SenderReference",
    "SenderStatus",
    "Tags",
    "UpdateSenderPoolRequest",
)
