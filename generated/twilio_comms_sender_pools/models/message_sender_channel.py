from enum import StrEnum


class MessageSenderChannel(StrEnum):
    RCS = "RCS"
    SMS = "SMS"
    WHATSAPP = "WHATSAPP"

    def __str__(self) -> str:
        return str(self.value)
