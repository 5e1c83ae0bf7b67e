"""Why upstream rejects a record: the reasons it writes into an acknowledgement (in English, the
file's language), and reading them back at the desk, so that the interface can say them in its
own language. Both sides use this one module, so each reason written is one the desk reads."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Rejection(StrEnum):
    """The kinds of record upstream rejects (the rest of the file is imported)."""

    #: the dossier code names another agency than the file's desk
    OTHER_AGENCY = "other_agency"
    #: the record holds text no store can keep (U+0000, text that is not valid Unicode)
    UNSTORABLE = "unstorable"
    #: another desk of the agency registered this code first
    HELD_BY_OTHER_DESK = "held_by_other_desk"


UNSTORABLE = (
    "holds a NUL character (U+0000) or text that is not valid Unicode, which the upstream "
    "store cannot keep; correct the dossier at the desk"
)


def other_agency(code_agency: str, file_agency: str) -> str:
    return (
        f"not this desk's agency: the code belongs to agency {code_agency}, the file to "
        f"{file_agency}"
    )


def held_by_other_desk(desk_id: str) -> str:
    return f"code already registered by desk {desk_id}"


@dataclass(frozen=True)
class Reason:
    """A reason read back: its kind and what it names."""

    kind: Rejection
    code_agency: str = ""
    file_agency: str = ""
    desk_id: str = ""


_OTHER_AGENCY = re.compile(
    r"not this desk's agency: the code belongs to agency (?P<code>\S+), the file to (?P<file>\S+)"
)
_HELD = re.compile(r"code already registered by desk (?P<desk>\S+)")


def read_reason(text: str) -> Reason | None:
    """The reason upstream wrote, or None for a text it does not write (an older or other
    upstream): the interface then shows the text as it came."""
    if text == UNSTORABLE:
        return Reason(Rejection.UNSTORABLE)
    found = _OTHER_AGENCY.fullmatch(text)
    if found:
        return Reason(Rejection.OTHER_AGENCY, code_agency=found["code"], file_agency=found["file"])
    found = _HELD.fullmatch(text)
    if found:
        return Reason(Rejection.HELD_BY_OTHER_DESK, desk_id=found["desk"])
    return None
