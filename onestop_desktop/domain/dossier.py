"""Dossiers (hồ sơ), the codes that name them, and validation of what the clerk types.

Dossier code: `<agency code>-<YYMMDD>-<sequence of at least 4 digits>` (TT 03/2025/TT-VPCP Art. 13,
the shape deployed provincial systems generate; DOMAIN.md §2). The agency code is the office's
electronic identifier (QĐ 20/2020/QĐ-TTg Art. 4: A–Z, 0–9 and '.', at most 35 characters).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum
from functools import cache
from typing import Any

from onestop_desktop.domain.errors import InputError
from onestop_desktop.domain.status import Status
from onestop_desktop.domain.text import (
    describe_character,
    excerpt,
    excerpt_vi,
    first_control_character,
    normalise_name,
)

AGENCY_CODE_RE = re.compile(r"^[A-Z0-9.]{1,35}$")
#: a level-1 unit's group of an agency code (QĐ 20/2020/QĐ-TTg Art. 4: M X1 X2), e.g. H56
_LEVEL1_RE = re.compile(r"^[A-Y][0-9]{2}$")
CODE_RE = re.compile(r"^(?P<agency>[A-Z0-9.]{1,35})-(?P<day>\d{6})-(?P<seq>\d{4,})$")
#: stations 1–9 share an office; 0 is a lone desk that owns the whole sequence
MAX_STATION = 9
_BLOCK = 1000  # station s issues s*1000 + n for its first 999 dossiers of the day
_OVERFLOW_BLOCK = 100_000  # then s*100000 + n (n up to 99999): still disjoint between stations


class Channel(IntEnum):
    """How the dossier reached the office (KenhThucHien)."""

    DIRECT = 1  # Trực tiếp
    ONLINE = 2  # Trực tuyến
    POSTAL = 3  # Qua bưu chính công ích (BCCI)


class ReturnMethod(IntEnum):
    """How the result goes back to the applicant (HinhThuc)."""

    COUNTER = 0  # nhận trực tiếp
    POST = 1  # qua bưu chính


CHANNEL_NAMES = {"direct": Channel.DIRECT, "online": Channel.ONLINE, "postal": Channel.POSTAL}
RETURN_NAMES = {"counter": ReturnMethod.COUNTER, "post": ReturnMethod.POST}
CHANNEL_VI = {Channel.DIRECT: "Trực tiếp", Channel.ONLINE: "Trực tuyến", Channel.POSTAL: "BCCI"}


@dataclass(frozen=True)
class FieldError:
    """One invalid field: which one, and what is expected, in Vietnamese and English."""

    field: str
    vi: str
    en: str
    #: a command-line-only addition (the flag to use); the window never shows it
    cli_hint: str = ""


class InvalidInput(InputError, ValueError):
    """The input has one or more invalid fields; nothing was saved."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__(
            "\n".join(e.vi for e in errors), "; ".join(f"{e.field}: {e.en}" for e in errors)
        )

    def for_field(self, name: str) -> FieldError | None:
        return next((e for e in self.errors if e.field == name), None)


def control_character_error(
    field: str, value: str, label_vi: str, label_en: str, *, multiline: bool = False
) -> FieldError | None:
    """The error for a typed text holding a control character, or None.

    A name, an address or a document's name is one line: a pasted line break or tab would be
    folded into a space without a word, and the slip would print what the clerk never saw, so
    it is refused and the clerk retypes it. A note or a reason may run over several lines (the
    request for papers prints one paper a line), so it keeps its line breaks; any other control
    character is refused in every text.
    """
    index = first_control_character(value, line_breaks=multiline)
    if index is None:
        return None
    what_vi, what_en = describe_character(value[index])
    if multiline:
        rule_vi = "chỉ được có chữ, số, dấu và xuống dòng"
        rule_en = "expected text and line breaks only"
    else:
        rule_vi = "phải gõ trên một dòng, không có xuống dòng, tab hay ký tự điều khiển"
        rule_en = "expected one line of text, with no line break, tab or control character"
    return FieldError(
        field,
        f"{label_vi} có ký tự {what_vi} ở vị trí {index + 1}: {rule_vi}.",
        f"{label_en} holds {what_en} at position {index + 1}: {rule_en}",
    )


def validate_agency_code(code: str) -> str:
    """The agency's electronic identifier (mã định danh điện tử), checked and upper-cased.

    DOMAIN.md §2.2. Accepted: at most 35 characters, groups of A–Z and 0–9 separated by single
    dots, one of the two end groups being a level-1 code (a letter A–Y and two digits, as
    provinces have: `H56`): first in the Quyết định 20/2020/QĐ-TTg style (`H56.12.34`, read from
    level 1), last in the older QCVN 102:2016 style still widespread in deployed data
    (`000.00.01.H56`). Letters typed in lower case are taken as upper case. Refused: an empty
    code, an empty group (a leading or trailing dot, two dots together), any other character
    (spaces, accents, hyphens), more than 35 characters, and a code with no level-1 group at
    either end.
    """
    cleaned = code.strip().upper()
    expected_vi = (
        "gồm các nhóm chữ A–Z, số 0–9 ngăn bởi một dấu chấm, tối đa 35 ký tự, nhóm đầu hoặc "
        "nhóm cuối là mã cấp 1 (một chữ A–Y và hai số), ví dụ 000.00.01.H56 hoặc H56.12.34"
    )
    expected_en = (
        "expected groups of A-Z and 0-9 separated by single dots, at most 35 characters, the "
        "first or the last group a level-1 code (a letter A-Y and two digits), "
        "e.g. 000.00.01.H56 or H56.12.34"
    )
    problem_vi = problem_en = ""
    if not AGENCY_CODE_RE.match(cleaned):
        problem_vi = "có ký tự không hợp lệ hoặc dài quá"
        problem_en = "holds a character other than A-Z, 0-9 and '.', or is too long"
    else:
        groups = cleaned.split(".")
        if any(not g for g in groups):
            problem_vi = "có nhóm rỗng (dấu chấm ở đầu, ở cuối hoặc hai dấu chấm liền nhau)"
            problem_en = "has an empty group (a dot at the start or end, or two dots together)"
        elif not (_LEVEL1_RE.match(groups[0]) or _LEVEL1_RE.match(groups[-1])):
            problem_vi = "không có mã cấp 1 (như H56) ở nhóm đầu hoặc nhóm cuối"
            problem_en = "has no level-1 code (such as H56) as its first or last group"
    if problem_vi:
        raise InvalidInput(
            [
                FieldError(
                    "agency_code",
                    f"Mã định danh cơ quan {excerpt_vi(code)} {problem_vi}: {expected_vi}.",
                    f"{excerpt(code)} is not an agency code: it {problem_en}; {expected_en}",
                )
            ]
        )
    return cleaned


def validate_station(station: int) -> int:
    if not 0 <= station <= MAX_STATION:
        raise InvalidInput(
            [
                FieldError(
                    "station",
                    f"Số hiệu quầy phải từ 0 đến {MAX_STATION}.",
                    f"station {station} is out of range: expected 0 (a lone desk) "
                    f"or 1-{MAX_STATION} (desks of one office)",
                )
            ]
        )
    return station


@cache
def station_blocks(station: int) -> tuple[range, ...]:
    """The day's sequence numbers a station issues, block after block: the one rule both the
    desk (`sequence_for`) and upstream (`issued_by_station`) follow.

    Each station owns disjoint blocks, so desks with no network between them never collide:
    station 2 issues 2001…2999, then 201000…299999; station 0 (a lone desk) issues 1, 2, 3, …
    """
    if station == 0:
        return (range(1, 2**63),)
    return (
        range(station * _BLOCK + 1, (station + 1) * _BLOCK),
        range(station * _OVERFLOW_BLOCK + _BLOCK, (station + 1) * _OVERFLOW_BLOCK),
    )


def sequence_for(station: int, n: int) -> int:
    """The day's sequence number of the n-th dossier (n ≥ 1) received at a station: the n-th
    number of its blocks (`station_blocks`)."""
    if n < 1:
        raise ValueError("n starts at 1")
    left = n
    for block in station_blocks(station):
        if left <= len(block):
            return block[left - 1]
        left -= len(block)
    raise ValueError(f"station {station} has used all {_OVERFLOW_BLOCK - 1} numbers of the day")


def issued_by_station(code: str, station: int) -> bool:
    """Whether a desk of `station` issues dossier `code`: its sequence is in the station's
    blocks, spelt as `make_code` spells it. Upstream accepts a code only from the desk whose
    block holds it, so one desk cannot take another desk's codes in the same agency."""
    found = CODE_RE.match(code)
    if found is None:
        return False
    text = found["seq"]
    sequence = int(text)
    return text == f"{sequence:04d}" and any(sequence in b for b in station_blocks(station))


def station_of_code(code: str) -> int | None:
    """The station (1–9) whose blocks hold `code`'s sequence, or None when none does (a lone
    desk's station 0 holds every number; it is never named here)."""
    for station in range(1, MAX_STATION + 1):
        if issued_by_station(code, station):
            return station
    return None


def make_code(agency_code: str, day: date, sequence: int) -> str:
    return f"{agency_code}-{day:%y%m%d}-{sequence:04d}"


def normalise_code(text: str) -> str:
    """A typed or scanned code as stored: upper case, no spaces or stray control characters."""
    return re.sub(r"[\s\x00-\x1f]+", "", text).upper()


# Vietnamese mobile prefixes after the 2018 renumbering: 03x, 05x, 07x, 08x, 09x (10 digits);
# landlines are 02x plus 8 digits (11 digits).
_MOBILE_RE = re.compile(r"^0[35789]\d{8}$")
_LANDLINE_RE = re.compile(r"^02\d{9}$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_NAME_RE = re.compile(r"^[^\W\d_]+(?:[ '.\-][^\W\d_]+)*\.?$")


def normalise_phone(text: str) -> str:
    digits = re.sub(r"[\s.\-()]", "", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits


@dataclass(frozen=True)
class Applicant:
    """The person (or organisation) who hands in the dossier."""

    name: str
    id_number: str = ""  # số định danh cá nhân / CCCD, 12 digits
    phone: str = ""
    email: str = ""
    address: str = ""


def validate_applicant(
    name: str, id_number: str = "", phone: str = "", email: str = "", address: str = ""
) -> Applicant:
    """Check and normalise the applicant's details; raise InvalidInput listing every bad field."""
    errors: list[FieldError] = []
    clean_name = normalise_name(name)
    name_error = control_character_error("name", name, "Họ và tên", "the name")
    if name_error is not None:
        errors.append(name_error)
    elif not clean_name:
        errors.append(FieldError("name", "Cần nhập họ và tên người nộp.", "the name is required"))
    elif len(clean_name) > 100 or not _NAME_RE.match(clean_name):
        errors.append(
            FieldError(
                "name",
                "Họ và tên chỉ gồm chữ cái (có dấu) và khoảng trắng, tối đa 100 ký tự.",
                f"{excerpt(name)} is not a name: expected letters (with diacritics) and spaces, "
                "at most 100 characters",
            )
        )
    clean_id = re.sub(r"\s", "", id_number)
    if clean_id and not re.fullmatch(r"\d{12}", clean_id):
        errors.append(
            FieldError(
                "id_number",
                "Số định danh cá nhân gồm đúng 12 chữ số.",
                f"{excerpt(id_number)} is not a personal ID number: expected exactly 12 digits",
            )
        )
    clean_phone = normalise_phone(phone) if phone.strip() else ""
    if clean_phone and not (_MOBILE_RE.match(clean_phone) or _LANDLINE_RE.match(clean_phone)):
        errors.append(
            FieldError(
                "phone",
                "Số điện thoại không hợp lệ: di động 10 số (03, 05, 07, 08, 09…) "
                "hoặc cố định 11 số (02…), có thể bắt đầu bằng +84.",
                f"{excerpt(phone)} is not a Vietnamese phone number: expected a 10-digit mobile "
                "(03/05/07/08/09…) or an 11-digit landline (02…), optionally with +84",
            )
        )
    clean_email = email.strip()
    if clean_email and (len(clean_email) > 254 or not _EMAIL_RE.match(clean_email)):
        errors.append(
            FieldError(
                "email",
                "Thư điện tử không hợp lệ (ví dụ: ten@example.vn).",
                f"{excerpt(email)} is not an e-mail address: expected name@domain.tld",
            )
        )
    clean_address = " ".join(address.split())
    address_error = control_character_error("address", address, "Địa chỉ", "the address")
    if address_error is not None:
        errors.append(address_error)
    elif len(clean_address) > 300:
        errors.append(
            FieldError(
                "address",
                "Địa chỉ dài quá 300 ký tự.",
                "the address is longer than 300 characters",
            )
        )
    if errors:
        raise InvalidInput(errors)
    return Applicant(clean_name, clean_id, clean_phone, clean_email, clean_address)


@dataclass(frozen=True)
class HandedDocument:
    """A paper actually handed over at the counter, with how many of each kind of copy."""

    name: str
    originals: int = 0
    certified_copies: int = 0
    photocopies: int = 0


def validate_documents(documents: list[HandedDocument]) -> tuple[HandedDocument, ...]:
    errors: list[FieldError] = []
    for index, doc in enumerate(documents, start=1):
        counts = (doc.originals, doc.certified_copies, doc.photocopies)
        name_error = control_character_error(
            "documents", doc.name, f"Tên giấy tờ thứ {index}", f"the name of document {index}"
        )
        if name_error is not None:
            errors.append(name_error)
        elif not doc.name.strip():
            errors.append(
                FieldError(
                    "documents",
                    f"Giấy tờ thứ {index} chưa có tên.",
                    f"document {index} has no name",
                )
            )
        if any(c < 0 or c > 99 for c in counts):
            errors.append(
                FieldError(
                    "documents",
                    f"Số bản của giấy tờ {excerpt_vi(doc.name)} phải từ 0 đến 99.",
                    f"copy counts of {excerpt(doc.name)} must be between 0 and 99",
                )
            )
    if errors:
        raise InvalidInput(errors)
    return tuple(documents)


@dataclass(frozen=True)
class HistoryEntry:
    """One step in a dossier's life as recorded."""

    at: datetime
    kind: str
    from_status: Status | None
    to_status: Status | None
    actor: str
    note: str
    #: the person who made the step (None before the office listed its people), with their
    #: title and unit as they were then
    person_id: int | None = None
    actor_title: str = ""
    actor_unit: str = ""
    #: what the step recorded besides its note (an apology's dates, a hand-over's officer)
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Dossier:
    """A dossier as the desk holds it."""

    id: int
    code: str
    procedure_code: str
    procedure_name: str
    field_name: str
    deadline_text: str
    applicant: Applicant
    channel: Channel
    return_method: ReturnMethod
    documents: tuple[HandedDocument, ...]
    sets_count: int
    received_at: datetime
    due_at: datetime | None
    status: Status
    clerk: str
    note: str = ""
    returned_at: datetime | None = None
    finished_at: datetime | None = None
    history: tuple[HistoryEntry, ...] = field(default=())
    #: the due time first promised on the slip (due_at moves with pauses and apologies)
    original_due_at: datetime | None = None
    #: set while the clock is stopped waiting for supplementary papers
    paused_at: datetime | None = None
    supplement_count: int = 0
    apology_count: int = 0
    collected_by: str = ""
    #: the officer who holds the dossier now (None while it is at the desk), and since when
    holder_id: int | None = None
    held_since: datetime | None = None


#: the century of a birth year from the 4th digit of a personal ID number (CCCD): even digits
#: for men, odd for women; 0–1 the 1900s, 2–3 the 2000s, 4–5 the 2100s, 6–7 the 2200s, 8–9 the
#: 1800s (Circular 07/2016/TT-BCA, Art. 7)
_CENTURY = {
    0: 1900,
    1: 1900,
    2: 2000,
    3: 2000,
    4: 2100,
    5: 2100,
    6: 2200,
    7: 2200,
    8: 1800,
    9: 1800,
}


def birth_year(id_number: str) -> int | None:
    """The birth year a 12-digit personal ID number carries (digits 4–6), or None."""
    if len(id_number) != 12 or not id_number.isdigit():
        return None
    return _CENTURY[int(id_number[3])] + int(id_number[4:6])
