"""Contains all the data models used in inputs/outputs"""

from .accepted_operation import AcceptedOperation
from .address_from import AddressFrom
from .address_recipient import AddressRecipient
from .comms_error import CommsError
from .comms_error_details_item import CommsErrorDetailsItem
from .communication_operation_status import CommunicationOperationStatus
from .connected_address_recipient import ConnectedAddressRecipient
from .create_sender_pool_request import CreateSenderPoolRequest
from .message import Message
from .message_attempt import MessageAttempt
from .message_content_channel_modules import MessageContentChannelModules
from .message_content_channel_modules_modules import MessageContentChannelModulesModules
from .message_content_channel_modules_modules_additional_property import (
    MessageContentChannelModulesModulesAdditionalProperty,
)
from .message_content_template import MessageContentTemplate
from .message_content_text_with_media import MessageContentTextWithMedia
from .message_list import MessageList
from .message_metadata import MessageMetadata
from .message_operation import MessageOperation
from .message_operation_list import MessageOperationList
from .message_operation_stats import MessageOperationStats
from .message_recipient import MessageRecipient
from .message_schedule import MessageSchedule
from .message_sender import MessageSender
from .message_sender_channel import MessageSenderChannel
from .message_status import MessageStatus
from .operation_status import OperationStatus
from .pagination import Pagination
from .profile_recipient import ProfileRecipient
from .recipient_address import RecipientAddress
from .recipient_variables import RecipientVariables
from .related_resource import RelatedResource
from .resolve_senders_request import ResolveSendersRequest
from .resolve_senders_response import ResolveSendersResponse
from .resolved_sender import ResolvedSender
from .resolved_sender_from import ResolvedSenderFrom
from .resource_reference import ResourceReference
from .search_senders_request import SearchSendersRequest
from .send_messages_request import SendMessagesRequest
from .sender import Sender
from .sender_channel_control import SenderChannelControl
from .sender_channel_control_priority_item import SenderChannelControlPriorityItem
from .sender_communication_channel import SenderCommunicationChannel
from .sender_list import SenderList
from .sender_pool import SenderPool
from .sender_pool_from import SenderPoolFrom
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
    "AddressFrom",
    "AddressRecipient",
    "CommsError",
    "CommsErrorDetailsItem",
    "CommunicationOperationStatus",
    "ConnectedAddressRecipient",
    "CreateSenderPoolRequest",
    "Message",
    "MessageAttempt",
    "MessageContentChannelModules",
    "MessageContentChannelModulesModules",
    "MessageContentChannelModulesModulesAdditionalProperty",
    "MessageContentTemplate",
    "MessageContentTextWithMedia",
    "MessageList",
    "MessageMetadata",
    "MessageOperation",
    "MessageOperationList",
    "MessageOperationStats",
    "MessageRecipient",
    "MessageSchedule",
    "MessageSender",
    "MessageSenderChannel",
    "MessageStatus",
    "OperationStatus",
    "Pagination",
    "ProfileRecipient",
    "RecipientAddress",
    "RecipientVariables",
    "RelatedResource",
    "ResolvedSender",
    "ResolvedSenderFrom",
    "ResolveSendersRequest",
    "ResolveSendersResponse",
    "ResourceReference",
    "SearchSendersRequest",
    "Sender",
    "SenderChannelControl",
    "SenderChannelControlPriorityItem",
    "SenderCommunicationChannel",
    "SenderList",
    "SenderPool",
    "SenderPoolFrom",
    "SenderPoolList",
    "SenderPoolOperation",
    "SenderPoolOperationList",
    "SenderPoolOperationStats",
    "SenderReference",
    "SenderStatus",
    "SendMessagesRequest",
    "Tags",
    "UpdateSenderPoolRequest",
)
