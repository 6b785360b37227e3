from enum import StrEnum


class RecipientChannel(StrEnum):
    PHONE = "PHONE"
    WHATSAPP = "WHATSAPP"

    def __str__(self) -> str:
        return str(self.value)
