from enum import StrEnum


class OperationStatus(StrEnum):
    CANCELED = "CANCELED"
    COMPLETED = "COMPLETED"
    PROCESSING = "PROCESSING"

    def __str__(self) -> str:
        return str(self.value)
