from enum import StrEnum


class SenderCommunicationChannel(StrEnum):
    EMAIL = "EMAIL"
    PUSH = "PUSH"
    RCS = "RCS"
    SMS = "SMS"
    WHATSAPP = "WHATSAPP"

    def __str__(self) -> str:
        return str(self.value)
