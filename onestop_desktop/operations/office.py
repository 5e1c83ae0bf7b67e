"""The office's settings as an administrator changes them, the desk's identity upstream, and the
year's days off and swapped working days (calendar overrides).

Every change is checked whole before anything is written (one message lists every wrong field),
written in one transaction with its audit entry, and followed at once by the desk's calendar:
new due dates count with it, due dates already recorded (and printed on slips) never move.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import platformdirs

from onestop_desktop.domain.calendar import DayOverride, OfficeHours, WorkCalendar, default_calendar
from onestop_desktop.domain.clock import VN_TZ, iso
from onestop_desktop.domain.dossier import FieldError, InvalidInput, control_character_error
from onestop_desktop.domain.holiday_cache import cache_file
from onestop_desktop.domain.settings import (
    FIELD_BY_KEY,
    IDENTITY_KEYS,
    MANAGED_KEYS,
    OfficeSettings,
    label_en,
    label_vi,
    settings_from_values,
    settings_to_values,
)
from onestop_desktop.domain.text import excerpt, excerpt_vi
from onestop_desktop.operations.base import DeskBase
from onestop_desktop.store import dossiers as repo
from onestop_desktop.store import sync as sync_store
from onestop_desktop.sync import keys

#: the longest note a calendar override may carry
NOTE_LIMIT = 200


def holidays_cache_file() -> Path:
    """Where the package's Vietnam holidays are cached: the user cache folder, a file for this
    program's and the package's versions."""
    folder = platformdirs.user_cache_dir("onestop-desktop", appauthor=False)
    return cache_file(Path(folder))


def calendar_for(settings: OfficeSettings) -> WorkCalendar:
    """The working calendar: shipped holiday overrides plus the administrator's, office hours."""
    holidays_file = holidays_cache_file()
    base = default_calendar(
        hours=OfficeHours.parse(settings.office_hours), holidays_file=holidays_file
    )
    if not settings.calendar_overrides:
        return base
    return WorkCalendar(base.hours, [*base.overrides, *overrides_of(settings)], holidays_file)


def overrides_of(settings: OfficeSettings) -> list[DayOverride]:
    """The administrator's overrides, in order of date."""
    days = [
        DayOverride(
            day=datetime.strptime(str(o["date"]), "%Y-%m-%d").date(),
            working=bool(o["working"]),
            note=str(o.get("note", "")),
        )
        for o in settings.calendar_overrides
    ]
    return sorted(days, key=lambda d: d.day)


def _stored(days: list[DayOverride]) -> list[dict[str, Any]]:
    return [
        {"date": d.day.isoformat(), "working": d.working, "note": d.note}
        for d in sorted(days, key=lambda d: d.day)
    ]


class IdentityChange(InvalidInput):
    """A change of agency code or station on a desk that has exported: upstream knows the desk
    by them and by its key, so it needs a new desk identity, confirmed."""


@dataclass(frozen=True)
class SettingsChange:
    """What a change of settings did: the keys changed and, for a new identity, the new key."""

    settings: OfficeSettings
    changed: tuple[str, ...]
    new_fingerprint: str = ""
    new_public_key: str = ""
    retired_key: str = ""  # where the old key file was set aside


class Office(DeskBase):
    """Settings, identity and calendar overrides, for an administrator."""

    def has_exported(self) -> bool:
        """Whether upstream may already know this desk (an export written or under way)."""
        return sync_store.last_export(self.db) is not None or bool(
            sync_store.pending_exports(self.db)
        )

    def change_settings(
        self, changes: dict[str, Any], *, new_identity: bool = False
    ) -> SettingsChange:
        """Change several settings at once, all or nothing.

        Refused (InvalidInput naming each field, nothing saved): an unknown key, a setting kept
        by its own command (calendar days, the backup key), any wrong value; a change of agency
        code or station on a desk that has exported, unless `new_identity` confirms a new desk
        identity: the desk then gets a new signing key (the old key file is kept aside, never
        deleted) whose public key must be registered upstream.
        """
        self.require_admin()
        errors: list[FieldError] = []
        for key in changes:
            if key in MANAGED_KEYS:
                vi, en = MANAGED_KEYS[key]
                errors.append(
                    FieldError(
                        key,
                        f"Thiết lập “{key}” không đặt bằng tay: hãy dùng {vi}.",
                        f"{key} is not set by hand: use {en}",
                    )
                )
            elif key not in FIELD_BY_KEY:
                errors.append(
                    FieldError(
                        key if len(key) <= 40 else "settings",
                        f"Thiết lập {excerpt_vi(key)} không tồn tại.",
                        f"unknown setting {excerpt(key)}",
                    )
                )
        if errors:
            raise InvalidInput(errors)
        before = settings_to_values(self.settings)
        settings = settings_from_values({**before, **changes})
        after = settings_to_values(settings)
        changed = {k: after[k] for k in after if before.get(k) != after[k]}
        identity = [k for k in IDENTITY_KEYS if k in changed]
        if identity and not new_identity and self.has_exported():
            raise IdentityChange(
                [
                    FieldError(
                        key,
                        f"{label_vi(key)}: quầy này đã xuất dữ liệu lên hệ thống cấp trên với "
                        f"{excerpt_vi(str(before[key]))}; đổi sang {excerpt_vi(str(after[key]))} "
                        "là một định danh quầy mới, cần xác nhận và đăng ký khóa mới với cấp "
                        "trên.",
                        f"{label_en(key)}: this desk has exported to upstream as "
                        f"{excerpt(str(before[key]))}; {excerpt(str(after[key]))} makes a new "
                        "desk identity, which must be confirmed and its new key registered "
                        "upstream",
                        cli_hint="add --new-identity to confirm a new desk identity",
                    )
                    for key in identity
                ]
            )
        result = SettingsChange(settings, tuple(sorted(changed)))
        if not changed:
            return result
        renewed = bool(identity) and self.has_exported()
        with self.db.transaction():
            repo.write_settings(self.db, after)
            self.audit(
                "settings.changed",
                ",".join(sorted(changed)),
                {k: {"from": before.get(k), "to": v} for k, v in changed.items()},
            )
            if renewed:
                result = self._new_identity(settings, tuple(sorted(changed)), before)
        self.settings = settings
        self.calendar = calendar_for(settings)
        return result

    def _new_identity(
        self, settings: OfficeSettings, changed: tuple[str, ...], before: dict[str, Any]
    ) -> SettingsChange:
        """Set the old signing key aside and make a new one (inside the settings' transaction:
        if the key cannot be made, the settings are not changed either)."""
        path = keys.key_path(self.db.path)
        stamp = self.clock.now().astimezone(VN_TZ).strftime("%Y%m%dT%H%M%S")
        retired = path.with_name(f"{path.name}.retired-{stamp}")
        n = 1
        while retired.exists():
            n += 1
            retired = path.with_name(f"{path.name}.retired-{stamp}-{n}")
        old_fingerprint = ""
        if path.exists():
            old_fingerprint = keys.fingerprint(keys.load_key(path))
            os.replace(path, retired)
        try:
            key = keys.create_key(path)
        except OSError:
            if retired.exists() and not path.exists():
                os.replace(retired, path)
            raise
        self.audit(
            "desk.new_identity",
            settings.desk_id,
            {
                "from": f"{before['agency_code']}#{before['station']}",
                "to": settings.desk_id,
                "old_fingerprint": old_fingerprint,
                "fingerprint": keys.fingerprint(key),
                "retired_key": retired.name if old_fingerprint else "",
            },
        )
        return SettingsChange(
            settings,
            changed,
            new_fingerprint=keys.fingerprint(key),
            new_public_key=keys.public_text(key),
            retired_key=str(retired) if old_fingerprint else "",
        )

    # -- the year's days off and swapped working days ----------------------------------------

    def calendar_days(self) -> list[DayOverride]:
        """The administrator's overrides (days off, working Saturdays), in order of date."""
        return overrides_of(self.settings)

    def add_day(self, day: date | str, working: bool, note: str = "") -> DayOverride:
        """Declare a day a day off (`working` False) or a working day, with a note."""
        self.require_admin()
        entry = self._checked_day(day, working, note)
        days = self.calendar_days()
        if any(d.day == entry.day for d in days):
            raise InvalidInput(
                [
                    FieldError(
                        "date",
                        f"Ngày {entry.day:%d/%m/%Y} đã có trong danh sách: hãy sửa hoặc xóa "
                        "dòng đó.",
                        f"{entry.day.isoformat()} is already listed: edit or remove it",
                    )
                ]
            )
        self._refuse_past_change(entry.day, working)
        self._save_days([*days, entry], "calendar.added", entry, None)
        return entry

    def edit_day(
        self, day: date | str, working: bool | None = None, note: str | None = None
    ) -> DayOverride:
        """Change a listed day: day off or working day, and its note."""
        self.require_admin()
        old = self._listed(day)
        entry = self._checked_day(
            old.day,
            old.working if working is None else working,
            old.note if note is None else note,
        )
        if entry.working != old.working:
            self._refuse_past_change(entry.day, entry.working)
        days = [entry if d.day == old.day else d for d in self.calendar_days()]
        self._save_days(days, "calendar.edited", entry, old)
        return entry

    def remove_day(self, day: date | str) -> DayOverride:
        """Take a day off the list: it counts as the shipped calendar says again."""
        self.require_admin()
        old = self._listed(day)
        self._refuse_past_change(old.day, None)
        days = [d for d in self.calendar_days() if d.day != old.day]
        self._save_days(days, "calendar.removed", None, old)
        return old

    def _listed(self, day: date | str) -> DayOverride:
        wanted = _parse_day(day)
        for d in self.calendar_days():
            if d.day == wanted:
                return d
        raise InvalidInput(
            [
                FieldError(
                    "date",
                    f"Ngày {wanted:%d/%m/%Y} không có trong danh sách ngày nghỉ, ngày làm bù.",
                    f"{wanted.isoformat()} is not in the list of days off and working days",
                )
            ]
        )

    def _checked_day(self, day: date | str, working: bool, note: str) -> DayOverride:
        errors: list[FieldError] = []
        parsed: date | None = None
        try:
            parsed = _parse_day(day)
        except InvalidInput as exc:
            errors.extend(exc.errors)
        if not isinstance(note, str) or len(note) > NOTE_LIMIT:
            errors.append(
                FieldError(
                    "note",
                    f"Ghi chú: tối đa {NOTE_LIMIT} ký tự.",
                    f"note: expected at most {NOTE_LIMIT} characters",
                )
            )
        else:
            bad = control_character_error("note", note, "Ghi chú", "note")
            if bad is not None:
                errors.append(bad)
        if errors or parsed is None:
            raise InvalidInput(errors)
        return DayOverride(parsed, bool(working), note.strip())

    def _refuse_past_change(self, day: date, working: bool | None) -> None:
        """A day already past that counted in dossiers' printed due dates keeps how it counted:
        those dates are promises, and the board and reports judge by them."""
        today = self.clock.now().astimezone(VN_TZ).date()
        if day >= today:
            return
        if working is not None and self.calendar.is_working_day(day) == working:
            return  # it already counted this way: nothing printed changes
        start = datetime.combine(day, time(0), VN_TZ)
        count = repo.dossiers_counting_day(self.db, iso(start), iso(start + timedelta(days=1)))
        if count:
            raise InvalidInput(
                [
                    FieldError(
                        "date",
                        f"Ngày {day:%d/%m/%Y} đã qua và đã được tính vào hạn trả của {count} hồ "
                        "sơ (hạn đã in trên giấy hẹn): không thể đổi cách tính ngày này.",
                        f"{day.isoformat()} is past and counted in the due dates of {count} "
                        "dossier(s) already printed on their slips: it cannot be changed",
                    )
                ]
            )

    def _save_days(
        self,
        days: list[DayOverride],
        action: str,
        new: DayOverride | None,
        old: DayOverride | None,
    ) -> None:
        values = settings_to_values(self.settings)
        values["calendar_overrides"] = _stored(days)
        settings = settings_from_values(values)
        shown = new or old
        entity = shown.day.isoformat() if shown is not None else ""
        with self.db.transaction():
            repo.write_settings(self.db, settings_to_values(settings))
            self.audit(
                action,
                entity,
                {
                    "before": _stored([old])[0] if old else None,
                    "after": _stored([new])[0] if new else None,
                },
            )
        self.settings = settings
        self.calendar = calendar_for(settings)


def _parse_day(day: date | str) -> date:
    if isinstance(day, date):
        return day
    try:
        return date.fromisoformat(str(day).strip())
    except ValueError:
        raise InvalidInput(
            [
                FieldError(
                    "date",
                    f"Ngày {excerpt_vi(str(day))} không hợp lệ: cần một ngày có thật dạng "
                    "YYYY-MM-DD, ví dụ 2026-04-27.",
                    f"{excerpt(str(day))} is not a date: expected a real date YYYY-MM-DD, "
                    "e.g. 2026-04-27",
                )
            ]
        ) from None
