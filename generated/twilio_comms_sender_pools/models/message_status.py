from enum import StrEnum


class MessageStatus(StrEnum):
    CANCELED = "CANCELED"
    DELIVERED = "DELIVERED"
    FAILED = "FAILED"
    GROUP = "GROUP"
    INBOUND = "INBOUND"
    QUEUED = "QUEUED"
    READ = "READ"
    SCHEDULED = "SCHEDULED"
    SENT = "SENT"
    UNDELIVERED = "UNDELIVERED"

    def __str__(self) -> str:
        return str(self.value)
