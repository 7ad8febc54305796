"""What a scan finds: a `Contact`, and the kinds of finding."""

from dataclasses import dataclass

PHONE, EMAIL, LINK, HANDLE = "phone", "email", "link", "handle"
RECOVERY_SERVICE, PAYMENT, PRIVATE_CONTACT = "recovery_service", "payment", "private_contact"


@dataclass(frozen=True)
class Contact:
    """One finding: its kind, the text as written and where; `detail` is a canonical form
    (E.164 number, plain email address) or, for a handle, the app named near it."""

    kind: str
    text: str
    start: int
    end: int
    detail: str = ""
