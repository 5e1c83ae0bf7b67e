"""The desk's settings: who the office is, how its forms print, its office hours.

Settings live in the desk database (table `settings`, one JSON value per key); every value read
back is validated, so a hand-edited or damaged value produces a message naming the key.
"""

from __future__ import annotations

import base64
import binascii
import re
import string
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from typing import Any

from onestop_desktop.domain.calendar import CalendarDataError, OfficeHours
from onestop_desktop.domain.dossier import (
    FieldError,
    InvalidInput,
    control_character_error,
    validate_agency_code,
    validate_station,
)
from onestop_desktop.domain.text import EXCERPT_CHARS, excerpt, excerpt_vi

FORM_PROFILES = ("tt03_2025", "tt01_2018")
PAPERS = ("A5", "A4")
LANGUAGES = ("vi", "en")

#: the kinds of one-stop office (Nghị định 118/2025/NĐ-CP: a commune has a Trung tâm Phục vụ
#: hành chính công; the older Bộ phận Tiếp nhận và Trả kết quả, "Bộ phận Một cửa", remains in
#: offices not yet reorganised). Each prints its own name and number suffix on the forms.
OFFICE_TYPES = ("ttpvhcc", "bpmc")


@dataclass(frozen=True)
class OfficeKind:
    """How one kind of office is named on the forms."""

    header: str  # header line 2, upper case
    running: str  # named in running text ("… thông báo không tiếp nhận …")
    suffix: str  # the office part of the number suffix ("Số: …/TTPVHCC")
    label_vi: str  # as the settings list it
    label_en: str


OFFICE_KINDS: dict[str, OfficeKind] = {
    "ttpvhcc": OfficeKind(
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
        "Trung tâm Phục vụ hành chính công",
        "TTPVHCC",
        "Trung tâm Phục vụ hành chính công xã",
        "Public administrative service centre (commune)",
    ),
    "bpmc": OfficeKind(
        "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
        "Bộ phận Tiếp nhận và Trả kết quả",
        "BPTNTKQ",
        "Bộ phận Một cửa",
        "One-stop section (receiving and returning results)",
    ),
}


@dataclass(frozen=True)
class OfficeSettings:
    """Configuration of one desk of one office."""

    agency_code: str
    agency_name: str  # e.g. "UBND xã Tân Hưng"
    station: int = 0
    parent_agency: str = ""  # header line 1; defaults to the agency name upper-cased
    office_type: str = "ttpvhcc"
    #: header line 2; empty, or a kind's standard name: the office type's standard name
    office_name: str = ""
    place_name: str = ""  # địa danh on forms
    #: the office's province and commune: the Statistics Office's codes (domain.provinces),
    #: "" until chosen
    province_code: str = ""
    commune_code: str = ""
    form_profile: str = "tt03_2025"
    paper: str = "A5"
    copies: int = 1
    head_of_agency: str = ""
    head_title: str = "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"
    #: a deputy signing on behalf of the head ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"); "" for none
    deputy_name: str = ""
    deputy_title: str = ""
    lookup_url: str = ""
    hotline: str = ""
    clerk_name: str = "Cán bộ một cửa"
    office_hours: str = "07:00-11:30,13:30-17:00"
    language: str = "vi"
    #: administrator's calendar overrides: [{"date": "YYYY-MM-DD", "working": bool, "note": str}],
    #: changed only through `operations.calendar_days` (checked there)
    calendar_overrides: tuple[dict[str, Any], ...] = field(default=())
    #: the administrator's backup key (`operations.backup`), base64: the scrypt salt and the
    #: X25519 public key derived from the backup passphrase; both "" until one is set. Public:
    #: backups off the PC seal the signing key to it, and only the passphrase opens them.
    backup_key_salt: str = ""
    backup_public_key: str = ""
    #: whether the end-of-day export also backs up onto the same USB stick; None until the
    #: clerk chooses, and then it follows whether a backup passphrase is set
    stick_backup: bool | None = None
    #: where backups and exports go on this PC; "" for the default folders beside the database
    backup_dir: str = ""
    export_dir: str = ""

    @property
    def header_line1(self) -> str:
        return self.parent_agency or self.agency_name.upper()

    @property
    def desk_number(self) -> int:
        """The desk's number as people say it: desks count from 1, whatever the station number
        inside the codes is (0 is a lone desk, the office's first and only one)."""
        return self.station or 1

    @property
    def kind(self) -> OfficeKind:
        return OFFICE_KINDS.get(self.office_type, OFFICE_KINDS["ttpvhcc"])

    @property
    def office_title(self) -> str:
        """Header line 2: the name typed, unless it is empty or a kind's standard name (then
        the standard name of this office's type, so changing the type changes the header)."""
        standard = {k.header for k in OFFICE_KINDS.values()}
        name = self.office_name.strip()
        return self.kind.header if not name or name in standard else name

    @property
    def desk_id(self) -> str:
        """The desk's identity upstream: agency code and station."""
        return f"{self.agency_code}#{self.station}"


@dataclass(frozen=True)
class SettingField:
    """One setting as people see it: its key and its label (Vietnamese, English)."""

    key: str
    label_vi: str
    label_en: str


#: every setting a person may change, in the order the window and `settings show` list them;
#: the labels name the fields in every message
SETTING_FIELDS: tuple[SettingField, ...] = (
    SettingField("agency_code", "Mã định danh cơ quan", "Agency code"),
    SettingField("agency_name", "Tên cơ quan", "Agency name"),
    SettingField("station", "Số hiệu quầy", "Station"),
    SettingField(
        "parent_agency", "Cơ quan chủ quản (dòng 1 tiêu đề)", "Parent agency (header line 1)"
    ),
    SettingField("office_type", "Loại đơn vị một cửa", "Office type"),
    SettingField("office_name", "Tên bộ phận (dòng 2 tiêu đề)", "Office name (header line 2)"),
    SettingField("place_name", "Địa danh ghi ngày tháng", "Place name on the date line"),
    SettingField("province_code", "Mã tỉnh, thành phố", "Province code"),
    SettingField("commune_code", "Mã xã, phường", "Commune code"),
    SettingField("form_profile", "Bộ mẫu biểu", "Form profile"),
    SettingField("paper", "Khổ giấy", "Paper"),
    SettingField("copies", "Số liên in", "Copies"),
    SettingField("head_of_agency", "Họ tên thủ trưởng", "Head of the agency"),
    SettingField("head_title", "Chức danh thủ trưởng", "Head's title"),
    SettingField("deputy_name", "Họ tên cấp phó ký thay", "Deputy signing on behalf"),
    SettingField("deputy_title", "Chức danh cấp phó", "Deputy's title"),
    SettingField("lookup_url", "Địa chỉ tra cứu", "Look-up address"),
    SettingField("hotline", "Đường dây nóng", "Hotline"),
    SettingField("clerk_name", "Tên người tiếp nhận mặc định", "Default clerk name"),
    SettingField("office_hours", "Giờ làm việc", "Office hours"),
    SettingField("language", "Ngôn ngữ", "Language"),
    SettingField(
        "stick_backup", "Sao lưu vào USB khi xuất", "Back up onto the stick when exporting"
    ),
    SettingField("backup_dir", "Thư mục sao lưu", "Backup folder"),
    SettingField("export_dir", "Thư mục tệp gửi cấp trên", "Export folder"),
)
FIELD_BY_KEY: dict[str, SettingField] = {f.key: f for f in SETTING_FIELDS}
#: settings kept by their own operations, never set by hand: the calendar's days
#: (`calendar add|edit|remove`) and the backup key (`backup-passphrase`)
MANAGED_KEYS: dict[str, tuple[str, str]] = {
    "calendar_overrides": ("lệnh calendar (ngày nghỉ, ngày làm bù)", "the calendar commands"),
    "backup_key_salt": ("lệnh backup-passphrase", "backup-passphrase"),
    "backup_public_key": ("lệnh backup-passphrase", "backup-passphrase"),
}
#: keys that are the desk's identity upstream: changing them once exported needs a new key
IDENTITY_KEYS = ("agency_code", "station")


def label_vi(key: str) -> str:
    spec = FIELD_BY_KEY.get(key)
    return spec.label_vi if spec else key


def label_en(key: str) -> str:
    spec = FIELD_BY_KEY.get(key)
    return spec.label_en if spec else key


def _error(key: str, rule_vi: str, rule_en: str) -> FieldError:
    """A field's error: its label, what is wrong and what is expected."""
    return FieldError(key, f"{label_vi(key)}: {rule_vi}.", f"{label_en(key)}: {rule_en}")


_TEXT_LIMITS = {
    "agency_name": 200,
    "parent_agency": 200,
    "office_name": 200,
    "place_name": 100,
    "head_of_agency": 100,
    "head_title": 100,
    "deputy_name": 100,
    "deputy_title": 100,
    "lookup_url": 300,
    "hotline": 50,
    "clerk_name": 100,
    "province_code": 2,
    "commune_code": 5,
    "backup_dir": 1000,
    "export_dir": 1000,
}
_HOURS_RE = re.compile(r"^\d{2}:\d{2}-\d{2}:\d{2}(,\d{2}:\d{2}-\d{2}:\d{2})*$")
_HOTLINE_RE = re.compile(r"^[0-9 +\-.()]*$")
_URL_RE = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(:\d+)?([/?#]\S*)?$", re.IGNORECASE)
#: office hours a working day may have: some time to count, and no more than a long day
_MIN_DAY, _MAX_DAY = timedelta(hours=1), timedelta(hours=14)
_MAX_PERIODS = 4


def settings_from_values(values: dict[str, Any]) -> OfficeSettings:
    """Build validated settings from stored or typed values; unknown keys are refused.

    Every field is checked and every error is collected (each names the field by its label and
    says what is expected), so one message lists all that is wrong; nothing is built while any
    field is wrong.
    """
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
        if not str(values.get(key) or "").strip():
            errors.append(_error(key, "không được để trống", "is required"))
    if errors:
        raise InvalidInput(errors)
    clean = dict(values)
    try:
        clean["agency_code"] = validate_agency_code(str(values["agency_code"]))
    except InvalidInput as exc:
        errors.extend(exc.errors)
    for key, limit in _TEXT_LIMITS.items():
        if key not in clean:
            continue
        value = clean[key]
        if not isinstance(value, str) or len(value) > limit:
            errors.append(
                _error(
                    key,
                    f"phải là chữ, tối đa {limit} ký tự",
                    f"expected text of at most {limit} characters",
                )
            )
            continue
        bad = control_character_error(key, value, label_vi(key), label_en(key))
        if bad is not None:
            errors.append(bad)
            continue
        clean[key] = value.strip()
    for key, digits in (("province_code", 2), ("commune_code", 5)):
        code = clean.get(key, "")
        if isinstance(code, str) and code and not (len(code) == digits and code.isdigit()):
            errors.append(
                _error(
                    key,
                    f"phải gồm {digits} chữ số theo danh mục đơn vị hành chính",
                    f"expected {digits} digits from the list of administrative units",
                )
            )
    station = clean.get("station", 0)
    if not isinstance(station, int) or isinstance(station, bool):
        errors.append(_error("station", "phải là số", "expected a number"))
    else:
        try:
            validate_station(station)
        except InvalidInput as exc:
            errors.extend(exc.errors)
    _choice(clean, "office_type", OFFICE_TYPES, errors)
    _choice(clean, "form_profile", FORM_PROFILES, errors)
    _choice(clean, "paper", PAPERS, errors)
    _choice(clean, "language", LANGUAGES, errors)
    copies = clean.get("copies", 1)
    if isinstance(copies, bool) or copies not in (1, 2):
        errors.append(_error("copies", "phải là 1 hoặc 2", "expected 1 or 2"))
    url = clean.get("lookup_url", "")
    if isinstance(url, str) and url and not _lookup_url_ok(url):
        errors.append(
            _error(
                "lookup_url",
                "phải là địa chỉ web bắt đầu bằng http:// hoặc https://, "
                "ví dụ https://dichvucong.gov.vn/tra-cuu (có thể có {code}, {procedure_code}; "
                "không có dữ liệu cá nhân như {id_number}: mã QR ai cầm phiếu cũng đọc được)",
                "expected a web address starting with http:// or https://, "
                "e.g. https://dichvucong.gov.vn/tra-cuu (placeholders {code}, {procedure_code} "
                "allowed; no personal data such as {id_number}: anyone holding the slip can "
                "read its QR code)",
            )
        )
    hotline = clean.get("hotline", "")
    if (
        isinstance(hotline, str)
        and hotline
        and (not _HOTLINE_RE.match(hotline) or sum(c.isdigit() for c in hotline) < 3)
    ):
        errors.append(
            _error(
                "hotline",
                "chỉ gồm chữ số, dấu cách và + - . ( ), ví dụ 0237 3852 123",
                "expected digits, spaces and + - . ( ), e.g. 0237 3852 123",
            )
        )
    if bool(clean.get("deputy_name")) != bool(clean.get("deputy_title")):
        missing = "deputy_title" if clean.get("deputy_name") else "deputy_name"
        errors.append(
            _error(
                missing,
                "cấp phó ký thay cần cả họ tên và chức danh (hoặc để trống cả hai)",
                "a deputy signing on behalf needs both a name and a title (or neither)",
            )
        )
    hours_error = office_hours_error(str(clean.get("office_hours", "07:00-11:30,13:30-17:00")))
    if hours_error is not None:
        errors.append(hours_error)
    overrides = clean.get("calendar_overrides", ())
    if not isinstance(overrides, list | tuple) or not all(_override_ok(o) for o in overrides):
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
            _error("stick_backup", "phải là true, false hoặc null", "expected true, false or null")
        )
    if errors:
        raise InvalidInput(errors)
    return OfficeSettings(**clean)


#: the placeholders a look-up address may hold (`documents.codes.lookup_url` fills them in):
#: never personal data, since the address is printed in a QR code anyone holding the slip reads
LOOKUP_PLACEHOLDERS = frozenset({"code", "procedure_code"})


def _lookup_url_ok(url: str) -> bool:
    if not _URL_RE.match(url):
        return False
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(url) if name is not None]
    except ValueError:
        return False
    return all(name in LOOKUP_PLACEHOLDERS for name in names)


def office_hours_error(text: str) -> FieldError | None:
    """What is wrong with office hours as typed ("07:00-11:30,13:30-17:00"), or None: periods
    HH:MM-HH:MM, each starting before it ends, in order of the day without overlapping, at most
    four, making a working day of 1 to 14 hours."""
    expected_vi = (
        "các khoảng HH:MM-HH:MM ngăn bởi dấu phẩy, tăng dần, ví dụ 07:00-11:30,13:30-17:00"
    )
    expected_en = "periods HH:MM-HH:MM separated by commas, in order, e.g. 07:00-11:30,13:30-17:00"
    compact = text.replace(" ", "")
    if not _HOURS_RE.match(compact):
        return _error("office_hours", f"phải có dạng {expected_vi}", f"expected {expected_en}")
    try:
        hours = OfficeHours.parse(compact)
    except CalendarDataError:
        return _error(
            "office_hours",
            f"giờ không hợp lệ, khoảng sau phải bắt đầu sau khi khoảng trước kết thúc; "
            f"cần {expected_vi}",
            f"a time is not a time of day, or the periods are not increasing; {expected_en}",
        )
    if len(hours.periods) > _MAX_PERIODS or not _MIN_DAY <= hours.day_length() <= _MAX_DAY:
        return _error(
            "office_hours",
            "tối đa 4 khoảng, tổng thời gian làm việc một ngày từ 1 đến 14 giờ",
            "expected at most 4 periods making a working day of 1 to 14 hours",
        )
    return None


def _override_ok(entry: object) -> bool:
    """One stored calendar override: {"date": "YYYY-MM-DD", "working": bool, "note": str}."""
    if not isinstance(entry, dict) or not isinstance(entry.get("working"), bool):
        return False
    if not isinstance(entry.get("note", ""), str):
        return False
    try:
        date.fromisoformat(str(entry.get("date")))
    except ValueError:
        return False
    return True


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
            _error(
                key,
                f"phải là một trong: {', '.join(allowed)}",
                f"expected one of {', '.join(allowed)}, not {excerpt(str(values[key]))}",
            )
        )


def settings_to_values(settings: OfficeSettings) -> dict[str, Any]:
    values = {f.name: getattr(settings, f.name) for f in fields(OfficeSettings)}
    values["calendar_overrides"] = list(settings.calendar_overrides)
    return values


def with_changes(settings: OfficeSettings, **changes: Any) -> OfficeSettings:
    """A validated copy of the settings with some values changed."""
    return settings_from_values(settings_to_values(replace(settings, **changes)))
