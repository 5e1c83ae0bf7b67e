"""The desk's settings: who the office is, how its forms print, its office hours.

Settings live in the desk database (table `settings`, one JSON value per key); every value read
back is validated, so a hand-edited or damaged value produces a message naming the key.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field, fields, replace
from typing import Any

from onestop_desktop.domain.dossier import (
    FieldError,
    InvalidInput,
    validate_agency_code,
    validate_station,
)
from onestop_desktop.domain.text import EXCERPT_CHARS, excerpt, excerpt_vi

FORM_PROFILES = ("tt03_2025", "tt01_2018")
PAPERS = ("A5", "A4")
LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class OfficeSettings:
    """Configuration of one desk of one office."""

    agency_code: str
    agency_name: str  # e.g. "UBND xã Tân Hưng"
    station: int = 0
    parent_agency: str = ""  # header line 1; defaults to the agency name upper-cased
    office_name: str = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"
    place_name: str = ""  # địa danh on forms
    form_profile: str = "tt03_2025"
    paper: str = "A5"
    copies: int = 1
    head_of_agency: str = ""
    head_title: str = "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"
    lookup_url: str = ""
    hotline: str = ""
    clerk_name: str = "Cán bộ một cửa"
    office_hours: str = "07:00-11:30,13:30-17:00"
    language: str = "vi"
    #: administrator's calendar overrides: [{"date": "YYYY-MM-DD", "working": bool, "note": str}]
    calendar_overrides: tuple[dict[str, Any], ...] = field(default=())
    #: the administrator's backup key (`operations.backup`), base64: the scrypt salt and the
    #: X25519 public key derived from the backup passphrase; both "" until one is set. Public:
    #: backups off the PC seal the signing key to it, and only the passphrase opens them.
    backup_key_salt: str = ""
    backup_public_key: str = ""
    #: whether the end-of-day export also backs up onto the same USB stick; None until the
    #: clerk chooses, and then it follows whether a backup passphrase is set
    stick_backup: bool | None = None

    @property
    def header_line1(self) -> str:
        return self.parent_agency or self.agency_name.upper()

    @property
    def desk_number(self) -> int:
        """The desk's number as people say it: desks count from 1, whatever the station number
        inside the codes is (0 is a lone desk, the office's first and only one)."""
        return self.station or 1

    @property
    def desk_id(self) -> str:
        """The desk's identity upstream: agency code and station."""
        return f"{self.agency_code}#{self.station}"


_TEXT_LIMITS = {
    "agency_name": 200,
    "parent_agency": 200,
    "office_name": 200,
    "place_name": 100,
    "head_of_agency": 100,
    "head_title": 100,
    "lookup_url": 300,
    "hotline": 50,
    "clerk_name": 100,
}
_HOURS_RE = re.compile(r"^\d{2}:\d{2}-\d{2}:\d{2}(,\d{2}:\d{2}-\d{2}:\d{2})*$")


def settings_from_values(values: dict[str, Any]) -> OfficeSettings:
    """Build validated settings from stored or typed values; unknown keys are refused."""
    known = {f.name for f in fields(OfficeSettings)}
    errors: list[FieldError] = []
    for key in values:
        if key not in known:
            errors.append(
                FieldError(
                    # the field is named by the key, unless the key is too long to print whole
                    key if len(key) <= EXCERPT_CHARS else "settings",
                    f"Thiết lập {excerpt_vi(key)} không tồn tại.",
                    f"unknown setting {excerpt(key)}",
                )
            )
    for key in ("agency_code", "agency_name"):
        if not values.get(key):
            errors.append(
                FieldError(key, f"Thiếu thiết lập “{key}”.", f"setting '{key}' is required")
            )
    if errors:
        raise InvalidInput(errors)
    clean = dict(values)
    clean["agency_code"] = validate_agency_code(str(values["agency_code"]))
    for key, limit in _TEXT_LIMITS.items():
        if key in clean and (not isinstance(clean[key], str) or len(clean[key]) > limit):
            errors.append(
                FieldError(
                    key,
                    f"Thiết lập “{key}” phải là chữ, tối đa {limit} ký tự.",
                    f"setting '{key}' must be text of at most {limit} characters",
                )
            )
    station = clean.get("station", 0)
    if not isinstance(station, int) or isinstance(station, bool):
        errors.append(FieldError("station", "Số hiệu quầy phải là số.", "station must be a number"))
    else:
        validate_station(station)
    _choice(clean, "form_profile", FORM_PROFILES, errors)
    _choice(clean, "paper", PAPERS, errors)
    _choice(clean, "language", LANGUAGES, errors)
    if clean.get("copies", 1) not in (1, 2):
        errors.append(FieldError("copies", "Số liên in phải là 1 hoặc 2.", "copies must be 1 or 2"))
    if not _HOURS_RE.match(str(clean.get("office_hours", "07:00-11:30,13:30-17:00"))):
        errors.append(
            FieldError(
                "office_hours",
                "Giờ làm việc có dạng 07:00-11:30,13:30-17:00.",
                "office_hours must look like 07:00-11:30,13:30-17:00",
            )
        )
    overrides = clean.get("calendar_overrides", ())
    if not isinstance(overrides, list | tuple) or not all(isinstance(o, dict) for o in overrides):
        errors.append(
            FieldError(
                "calendar_overrides",
                "Danh sách ngày nghỉ/ngày làm bù không hợp lệ.",
                "calendar_overrides must be a list of {date, working, note}",
            )
        )
    else:
        clean["calendar_overrides"] = tuple(overrides)
    _backup_key(clean, errors)
    if clean.get("stick_backup") not in (None, True, False):
        errors.append(
            FieldError(
                "stick_backup",
                "Thiết lập “stick_backup” phải là true, false hoặc null.",
                "stick_backup must be true, false or null",
            )
        )
    if errors:
        raise InvalidInput(errors)
    return OfficeSettings(**clean)


def _raw_length(text: object) -> int:
    """The number of bytes a base64 text decodes to; -1 when it is not base64 text."""
    if not isinstance(text, str):
        return -1
    try:
        return len(base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError):
        return -1


def _backup_key(values: dict[str, Any], out: list[FieldError]) -> None:
    """The backup key is both its parts (16-byte salt, 32-byte public key) or neither."""
    salt, public = values.get("backup_key_salt", ""), values.get("backup_public_key", "")
    if salt == "" and public == "":
        return
    if _raw_length(salt) != 16 or _raw_length(public) != 32:
        out.append(
            FieldError(
                "backup_public_key",
                "Khóa sao lưu lưu trong thiết lập không hợp lệ: hãy đặt lại mật khẩu sao lưu.",
                "backup_key_salt and backup_public_key must be base64 of 16 and 32 bytes, "
                "or both empty; set the backup passphrase again",
            )
        )


def _choice(
    values: dict[str, Any], key: str, allowed: tuple[str, ...], out: list[FieldError]
) -> None:
    if key in values and values[key] not in allowed:
        out.append(
            FieldError(
                key,
                f"Thiết lập “{key}” phải là một trong: {', '.join(allowed)}.",
                f"setting '{key}' must be one of {', '.join(allowed)}, "
                f"not {excerpt(str(values[key]))}",
            )
        )


def settings_to_values(settings: OfficeSettings) -> dict[str, Any]:
    values = {f.name: getattr(settings, f.name) for f in fields(OfficeSettings)}
    values["calendar_overrides"] = list(settings.calendar_overrides)
    return values


def with_changes(settings: OfficeSettings, **changes: Any) -> OfficeSettings:
    """A validated copy of the settings with some values changed."""
    return settings_from_values(settings_to_values(replace(settings, **changes)))
