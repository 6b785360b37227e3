from enum import StrEnum


class CommunicationOperationStatus(StrEnum):
    CANCELED = "CANCELED"
    COMPLETED = "COMPLETED"
    PROCESSING = "PROCESSING"
    SCHEDULED = "SCHEDULED"

    def __str__(self) -> str:
        return str(self.value)
