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
    #: the code's number is not in the number blocks of the file's station (its desk did not
    #: issue it: domain/dossier.py `station_blocks`)
    OTHER_STATION = "other_station"


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


def other_station(code_station: int | None, file_station: int) -> str:
    """The code's number is in station `code_station`'s blocks (None: in no station's)."""
    owner = "no station's" if code_station is None else f"station {code_station}'s"
    return (
        f"not this desk's number: the code's number is {owner}, the file is from station "
        f"{file_station}"
    )


@dataclass(frozen=True)
class Reason:
    """A reason read back: its kind and what it names."""

    kind: Rejection
    code_agency: str = ""
    file_agency: str = ""
    desk_id: str = ""
    #: the station whose blocks hold the code's number (None: none), and the file's station
    code_station: int | None = None
    file_station: int | None = None


_OTHER_AGENCY = re.compile(
    r"not this desk's agency: the code belongs to agency (?P<code>\S+), the file to (?P<file>\S+)"
)
_HELD = re.compile(r"code already registered by desk (?P<desk>\S+)")
_OTHER_STATION = re.compile(
    r"not this desk's number: the code's number is (?:no station's|station (?P<code>[0-9])'s), "
    r"the file is from station (?P<file>[0-9])"
)


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
    found = _OTHER_STATION.fullmatch(text)
    if found:
        code_station = int(found["code"]) if found["code"] is not None else None
        return Reason(
            Rejection.OTHER_STATION, code_station=code_station, file_station=int(found["file"])
        )
    return None
