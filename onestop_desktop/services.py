"""The operations a clerk performs at the counter, one layer for the GUI and the command line.

Every operation takes its "now" from the injected clock and goes through `store/` for data,
`domain/` for rules and `documents/` for printed forms.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import platformdirs
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from onestop_desktop.domain.calendar import DayOverride, OfficeHours, WorkCalendar, default_calendar
from onestop_desktop.domain.clock import VN_TZ, Clock, SystemClock, iso, to_vn
from onestop_desktop.domain.dossier import (
    CODE_RE,
    Applicant,
    Channel,
    Dossier,
    FieldError,
    HandedDocument,
    HistoryEntry,
    InvalidInput,
    ReturnMethod,
    normalise_code,
    normalise_phone,
    validate_applicant,
    validate_documents,
)
from onestop_desktop.domain.errors import InputError, KnownError
from onestop_desktop.domain.lifecycle import StepCheck, check_transition
from onestop_desktop.domain.procedures import (
    Catalogue,
    Procedure,
    default_catalogue_path,
    load_catalogue,
)
from onestop_desktop.domain.settings import (
    OfficeSettings,
    settings_from_values,
    settings_to_values,
    with_changes,
)
from onestop_desktop.domain.status import OPEN_STATUSES, Status
from onestop_desktop.domain.text import fold
from onestop_desktop.store import board as board_store
from onestop_desktop.store import dossiers as repo
from onestop_desktop.store import sync as sync_store
from onestop_desktop.store.database import Database, open_database
from onestop_desktop.sync import export, keys
from onestop_desktop.sync.ack import load_ack

if TYPE_CHECKING:  # reportlab is imported when the first form is rendered, not at start-up
    from onestop_desktop.documents.lifecycle_forms import ControlStep, FormData
    from onestop_desktop.documents.receipt import OfficeProfile, ReceiptData

#: how far in the future a typed receiving time may be (clock drift between PCs)
FUTURE_TOLERANCE = timedelta(minutes=10)
#: the printed forms: the slip, supplement request, refusal, apology, control sheet
FORMS: tuple[str, ...] = ("receipt", "supplement", "refusal", "apology", "control")


def default_db_path() -> Path:
    """The desk database: `ONESTOP_DB` if set, else the platform's user data folder."""
    env = os.environ.get("ONESTOP_DB")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("onestop-desktop", appauthor=False)) / "desk.sqlite3"


class NotInitialised(KnownError):
    """There is no desk database at the path yet (`missing`), or it has no office settings:
    run `init`."""

    def __init__(self, path: Path, missing: bool = False) -> None:
        self.path = path
        self.missing = missing
        if missing:
            super().__init__(
                f"Chưa có cơ sở dữ liệu {path}. Hãy tạo cơ sở dữ liệu (mã định danh cơ quan, "
                "tên cơ quan) hoặc chọn đúng tệp cơ sở dữ liệu.",
                f"there is no database at {path}: create it (agency code and name) or choose "
                "the right database file",
                cli_hint="run `init --agency-code CODE --agency-name NAME`, or give the right --db",
            )
        else:
            super().__init__(
                f"Cơ sở dữ liệu {path} chưa được thiết lập đơn vị. Hãy thiết lập đơn vị "
                "(mã định danh cơ quan, tên cơ quan).",
                f"the database {path} has no office settings yet: set the office up first "
                "(agency code and name)",
                cli_hint="run `init --agency-code CODE --agency-name NAME` first",
            )


class UnknownDossier(InputError, LookupError):
    """No dossier has this code."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(
            f"Không tìm thấy hồ sơ có mã “{code}”.", f"no dossier has the code '{code}'"
        )


_PHONE_LIKE = re.compile(r"\+?[\d\s.()]+")

#: the board's sections: key, Vietnamese and English titles
BOARD_SECTIONS = (
    ("overdue", "Quá hạn", "Overdue"),
    ("due_today", "Đến hạn hôm nay", "Due today"),
    ("due_soon", "Đến hạn ngày làm việc tiếp theo", "Due by the next working day"),
    ("waiting_papers", "Chờ bổ sung giấy tờ", "Waiting for supplementary papers"),
    ("ready_for_pickup", "Đã có kết quả, chờ trả", "Resolved, waiting for pickup"),
)


@dataclass(frozen=True)
class BoardRow:
    """One dossier as a board or search row shows it."""

    code: str
    applicant_name: str
    procedure_code: str
    procedure_name: str
    field_name: str
    received_at: datetime
    due_at: datetime | None
    original_due_at: datetime | None
    status: Status
    apology_count: int
    phone: str


@dataclass(frozen=True)
class BoardSection:
    """A section of the daily board: its count, counts per field, and its first rows."""

    key: str
    title_vi: str
    title_en: str
    count: int
    by_field: dict[str, int]
    rows: list[BoardRow]


@dataclass(frozen=True)
class MonthFigures:
    """This month's timeliness (DOMAIN.md §4.2, by date, against the first promised date)."""

    start: date
    resolved: int
    early: int
    on_time: int
    late: int
    on_time_rate: float | None
    late_total: int  # resolved late this month plus open dossiers already past their date
    late_apologised: int
    apology_rate: float | None


@dataclass(frozen=True)
class Board:
    """The daily board at one moment."""

    moment: datetime
    sections: tuple[BoardSection, ...]
    month: MonthFigures

    def section(self, key: str) -> BoardSection:
        return next(s for s in self.sections if s.key == key)


def board_row(row: Any) -> BoardRow:
    return BoardRow(
        code=row["code"],
        applicant_name=row["applicant_name"],
        procedure_code=row["procedure_code"],
        procedure_name=row["procedure_name"],
        field_name=row["field_name"],
        received_at=datetime.fromisoformat(row["received_at"]),
        due_at=datetime.fromisoformat(row["due_at"]) if row["due_at"] else None,
        original_due_at=(
            datetime.fromisoformat(row["original_due_at"]) if row["original_due_at"] else None
        ),
        status=Status(row["status"]),
        apology_count=row["apology_count"],
        phone=row["phone"] or "",
    )


@dataclass(frozen=True)
class ReceiveRequest:
    """What the clerk enters to receive a dossier."""

    procedure_code: str
    name: str
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    channel: Channel = Channel.DIRECT
    return_method: ReturnMethod = ReturnMethod.COUNTER
    #: None: the procedure's usual documents with their usual counts
    documents: Sequence[HandedDocument] | None = None
    sets_count: int = 1
    received_at: datetime | None = None
    note: str = ""


@dataclass
class Desk:
    """One open desk: its database, settings, catalogue, calendar and clock."""

    db: Database
    settings: OfficeSettings
    catalogue: Catalogue
    calendar: WorkCalendar
    clock: Clock = field(default_factory=SystemClock)

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(
        cls, path: Path, clock: Clock | None = None, catalogue: Catalogue | None = None
    ) -> Desk:
        """Open an initialised desk database (migrating it if needed)."""
        if not path.exists() and path.parent.is_dir():
            raise NotInitialised(path, missing=True)
        db = open_database(path, create=False)
        try:
            values = repo.read_settings(db)
            if not values:
                raise NotInitialised(path)
            settings = settings_from_values(values)
            return cls(
                db,
                settings,
                catalogue or load_catalogue(default_catalogue_path()),
                calendar_for(settings),
                clock or SystemClock(),
            )
        except BaseException:
            db.close()
            raise

    @classmethod
    def initialise(
        cls,
        path: Path,
        agency_code: str,
        agency_name: str,
        station: int = 0,
        *,
        clock: Clock | None = None,
        **extra: object,
    ) -> Desk:
        """Create or upgrade the database at `path` and set (or change) the office."""
        path.parent.mkdir(parents=True, exist_ok=True)
        db = open_database(path, create=True)
        try:
            values = repo.read_settings(db)
            values.update(
                agency_code=agency_code, agency_name=agency_name, station=station, **extra
            )
            settings = settings_from_values(values)
            repo.write_settings(db, settings_to_values(settings))
            keys.ensure_key(keys.key_path(path))
        finally:
            db.close()
        return cls.open(path, clock)

    def close(self) -> None:
        self.db.close()

    def update_settings(self, **changes: object) -> OfficeSettings:
        settings = with_changes(self.settings, **changes)
        repo.write_settings(self.db, settings_to_values(settings))
        self.settings = settings
        self.calendar = calendar_for(settings)
        return settings

    # -- procedures and deadlines ------------------------------------------------------------
    def procedure(self, code: str) -> Procedure:
        try:
            return self.catalogue.get(code.strip())
        except KeyError:
            raise InvalidInput(
                [
                    FieldError(
                        "procedure",
                        f"Không có thủ tục mã “{code}” trong danh mục.",
                        f"no procedure has the code '{code}' in the catalogue "
                        "(see the `procedures` command)",
                    )
                ]
            ) from None

    def due(self, procedure_code: str, received_at: datetime | None = None) -> datetime | None:
        """The due time the calendar gives for a dossier received at `received_at` (or now)."""
        procedure = self.procedure(procedure_code)
        return self.calendar.due_at(procedure.deadline, to_vn(received_at or self.clock.now()))

    # -- receiving ---------------------------------------------------------------------------
    def receive(self, request: ReceiveRequest) -> Dossier:
        """Validate and durably register a dossier; return it with its code and due time."""
        errors: list[FieldError] = []
        procedure: Procedure | None = None
        try:
            procedure = self.procedure(request.procedure_code)
        except InvalidInput as error:
            errors.extend(error.errors)
        applicant: Applicant | None = None
        try:
            applicant = validate_applicant(
                request.name, request.id_number, request.phone, request.email, request.address
            )
        except InvalidInput as error:
            errors.extend(error.errors)
        documents: tuple[HandedDocument, ...] = ()
        if request.documents is not None:
            try:
                documents = validate_documents(list(request.documents))
            except InvalidInput as error:
                errors.extend(error.errors)
        elif procedure is not None:
            documents = default_documents(procedure)
        if not 1 <= request.sets_count <= 99:
            errors.append(
                FieldError(
                    "sets_count",
                    "Số lượng hồ sơ phải từ 1 đến 99 bộ.",
                    "sets_count must be between 1 and 99",
                )
            )
        now = self.clock.now()
        received_at = to_vn(request.received_at) if request.received_at else now
        if received_at > now + FUTURE_TOLERANCE:
            errors.append(
                FieldError(
                    "received_at",
                    "Thời gian nhận hồ sơ không được ở tương lai.",
                    f"received_at {received_at:%Y-%m-%dT%H:%M} is in the future "
                    f"(now is {now:%Y-%m-%dT%H:%M})",
                )
            )
        if request.channel == Channel.POSTAL and not (applicant and applicant.address):
            errors.append(
                FieldError(
                    "address",
                    "Hồ sơ nộp qua bưu chính cần địa chỉ người nộp.",
                    "a postal dossier needs the applicant's address",
                )
            )
        if request.return_method == ReturnMethod.POST and not (applicant and applicant.address):
            errors.append(
                FieldError(
                    "address",
                    "Trả kết quả qua bưu chính cần địa chỉ nhận.",
                    "returning the result by post needs the applicant's address",
                )
            )
        if errors:
            raise InvalidInput(errors)
        assert procedure is not None and applicant is not None
        due_at = self.calendar.due_at(procedure.deadline, received_at)
        code = repo.insert_dossier(
            self.db,
            repo.NewDossier(
                agency_code=self.settings.agency_code,
                station=self.settings.station,
                procedure_code=procedure.code,
                procedure_name=procedure.name,
                field_code=procedure.field_code,
                field_name=procedure.field,
                deadline_text=procedure.deadline.describe_vi(),
                applicant=applicant,
                channel=Channel(request.channel),
                return_method=ReturnMethod(request.return_method),
                documents=documents,
                sets_count=request.sets_count,
                received_at=received_at,
                due_at=due_at,
                clerk=self.settings.clerk_name,
                note=request.note.strip(),
            ),
            now,
        )
        return self.get(code)

    def get(self, code: str) -> Dossier:
        found = repo.get_dossier(self.db, normalise_code(code))
        if found is None:
            raise UnknownDossier(code)
        return found

    # -- following a dossier to its end ----------------------------------------------------------
    def transition(
        self,
        code: str,
        target: Status,
        note: str = "",
        at: datetime | None = None,
        collected_by: str = "",
    ) -> Dossier:
        """Move a dossier to `target`, enforcing the lifecycle rules; record who, when and why.

        Asking for supplementary papers stops the deadline clock; receiving them (back to
        "in progress") restarts it with the due time moved by the office time paused.
        """
        dossier = self.get(code)
        check_transition(StepCheck(dossier.status, target, note, collected_by))
        now = self.clock.now()
        moment = self._step_time(dossier, at, now)
        changes: dict[str, object] = {"status": int(target)}
        data: dict[str, object] = {}
        if target is Status.SUPPLEMENT_REQUESTED:
            changes["paused_at"] = iso(moment)
            changes["supplement_count"] = dossier.supplement_count + 1
        if dossier.status is Status.SUPPLEMENT_REQUESTED and dossier.paused_at is not None:
            paused = self.calendar.office_time_between(dossier.paused_at, moment)
            state = repo.dossier_state(self.db, dossier.code)
            assert state is not None
            changes["paused_at"] = None
            changes["paused_total_s"] = int(state["paused_total_s"]) + int(paused.total_seconds())
            data["paused_office_seconds"] = int(paused.total_seconds())
            if dossier.due_at is not None and target is Status.IN_PROGRESS:
                new_due = self.calendar.add_office_time(dossier.due_at, paused)
                changes["due_at"] = iso(new_due)
                data["due_before"] = iso(dossier.due_at)
                data["due_after"] = iso(new_due)
        if target in (Status.RESOLVED, Status.REFUSED, Status.STOPPED):
            changes["finished_at"] = iso(moment)
        if target is Status.RETURNED:
            changes["returned_at"] = iso(moment)
            changes["collected_by"] = " ".join(collected_by.split())
            data["collected_by"] = changes["collected_by"]
        self._record(dossier, changes, "transition", target, note, moment, data, now)
        return self.get(dossier.code)

    def apologise(
        self,
        code: str,
        new_due: datetime,
        reason: str,
        at: datetime | None = None,
        override: bool = False,
    ) -> Dossier:
        """Give a late dossier a new appointment with the apology (once; again only by override).

        The rule (Decree 61/2018 Art. 19, kept in the 2025 provincial regulations): the apology
        goes out at least one day before the deadline and the new date is set no more than once.
        """
        dossier = self.get(code)
        errors: list[FieldError] = []
        if dossier.status not in OPEN_STATUSES | {Status.SUPPLEMENT_REQUESTED}:
            errors.append(
                FieldError(
                    "status",
                    f"Hồ sơ ở trạng thái “{dossier.status.label_vi}” không cần xin lỗi, hẹn lại.",
                    f"a dossier in status {int(dossier.status)} ({dossier.status.label_en}) "
                    "needs no apology",
                )
            )
        if dossier.due_at is None:
            errors.append(
                FieldError(
                    "due_at",
                    "Thủ tục không có ngày hẹn trả nên không hẹn lại.",
                    "the procedure has no due date to move",
                )
            )
        if not reason.strip():
            errors.append(
                FieldError(
                    "note", "Cần ghi lý do chậm trễ.", "the apology needs the reason for the delay"
                )
            )
        new_due = to_vn(new_due)
        if dossier.due_at is not None and new_due <= dossier.due_at:
            errors.append(
                FieldError(
                    "new_due",
                    "Ngày hẹn mới phải sau ngày hẹn hiện tại.",
                    f"the new due time must be after the current one ({iso(dossier.due_at)})",
                )
            )
        if not self.calendar.is_working_day(new_due.date()):
            errors.append(
                FieldError(
                    "new_due",
                    f"Ngày hẹn mới {new_due:%d/%m/%Y} là ngày nghỉ; hãy chọn một ngày làm việc.",
                    f"the new due time {iso(new_due)} falls on a day the office is closed; "
                    "expected a working day",
                )
            )
        if dossier.apology_count >= 1 and not override:
            errors.append(
                FieldError(
                    "override",
                    "Hồ sơ đã được hẹn lại một lần; chỉ hẹn lại lần nữa khi có xác nhận ngoại lệ.",
                    "the dossier was already given a new date once; a second one needs an "
                    "explicit override (--override), which is recorded",
                )
            )
        if errors:
            raise InvalidInput(errors)
        assert dossier.due_at is not None
        now = self.clock.now()
        moment = self._step_time(dossier, at, now)
        # "At least one day before the deadline": sent before the start of the due day.
        in_time = moment.date() < dossier.due_at.date()
        data = {
            "previous_due": iso(dossier.due_at),
            "new_due": iso(new_due),
            "override": bool(dossier.apology_count >= 1),
            "sent_in_time": in_time,
            "number": dossier.apology_count + 1,
        }
        changes: dict[str, object] = {
            "due_at": iso(new_due),
            "apology_count": dossier.apology_count + 1,
            "apologised_at": iso(moment),
        }
        self._record(dossier, changes, "apology", None, reason, moment, data, now)
        return self.get(dossier.code)

    def apologies(self, code: str) -> list[dict[str, Any]]:
        """Every apology of a dossier: when, why, the previous and the new due time."""
        return repo.event_data(self.db, self.get(code).id, "apology")

    def _step_time(self, dossier: Dossier, at: datetime | None, now: datetime) -> datetime:
        moment = to_vn(at) if at else now
        if moment > now + FUTURE_TOLERANCE:
            raise InvalidInput(
                [
                    FieldError(
                        "at",
                        "Thời điểm không được ở tương lai.",
                        f"--at {iso(moment)} is in the future (now is {iso(now)})",
                    )
                ]
            )
        last = dossier.history[-1].at if dossier.history else dossier.received_at
        if moment < last:
            raise InvalidInput(
                [
                    FieldError(
                        "at",
                        "Thời điểm phải sau bước xử lý trước đó.",
                        f"--at {iso(moment)} is before the dossier's last step ({iso(last)})",
                    )
                ]
            )
        return moment

    def _record(
        self,
        dossier: Dossier,
        changes: dict[str, object],
        kind: str,
        target: Status | None,
        note: str,
        moment: datetime,
        data: dict[str, object],
        now: datetime,
    ) -> None:
        event = {
            "at": iso(moment),
            "kind": kind,
            "from_status": int(dossier.status),
            "to_status": int(target) if target is not None else int(dossier.status),
            "actor": self.settings.clerk_name,
            "note": note.strip(),
            "data": data,
        }
        if not repo.record_step(self.db, dossier.id, int(dossier.status), changes, event, now):
            raise InvalidInput(
                [
                    FieldError(
                        "status",
                        "Hồ sơ vừa được cập nhật ở nơi khác; hãy mở lại và thử lại.",
                        "the dossier was changed meanwhile (another window?); reload and retry",
                    )
                ]
            )

    # -- the daily board and search ------------------------------------------------------------
    def board_moment(self, day: date | None = None) -> datetime:
        """The moment a board is drawn for: now, or the opening of another day."""
        now = self.clock.now()
        if day is None or day == now.date():
            return now
        return datetime.combine(day, self.calendar.hours.periods[0][0], tzinfo=VN_TZ)

    def section_query(self, key: str, moment: datetime) -> board_store.SectionQuery:
        """The SQL shape of one board section at `moment` (see BOARD_SECTIONS)."""
        open_codes = tuple(sorted(int(s) for s in OPEN_STATUSES))
        end_of_day = datetime.combine(moment.date(), time(23, 59, 59), tzinfo=VN_TZ)
        next_close = self.calendar.closing(self.calendar.next_working_day(moment.date()))
        if key == "overdue":
            return board_store.section_open_due_between(
                open_codes, None, iso(moment - timedelta(seconds=1))
            )
        if key == "due_today":
            return board_store.section_open_due_between(
                open_codes, iso(moment - timedelta(seconds=1)), iso(end_of_day)
            )
        if key == "due_soon":
            return board_store.section_open_due_between(
                open_codes, iso(end_of_day), iso(next_close)
            )
        if key == "waiting_papers":
            return board_store.section_status((int(Status.SUPPLEMENT_REQUESTED),), "paused_at")
        if key == "ready_for_pickup":
            return board_store.section_status((int(Status.RESOLVED),))
        if key == "all":
            return board_store.section_all()
        raise KeyError(key)

    def board(self, day: date | None = None, page_size: int = 50) -> Board:
        """Every section's count, counts per field and first page, and this month's rates."""
        moment = self.board_moment(day)
        sections = []
        for key, title_vi, title_en in BOARD_SECTIONS:
            query = self.section_query(key, moment)
            total = board_store.count(self.db, query)
            sections.append(
                BoardSection(
                    key=key,
                    title_vi=title_vi,
                    title_en=title_en,
                    count=total,
                    by_field=board_store.count_by_field(self.db, query) if total else {},
                    rows=[
                        board_row(r) for r in board_store.page(self.db, query, 0, page_size, total)
                    ],
                )
            )
        month_start = datetime(moment.year, moment.month, 1, tzinfo=VN_TZ)
        next_month = (month_start + timedelta(days=32)).replace(day=1)
        finished = board_store.finished_in_period(self.db, iso(month_start), iso(next_month))
        still_open = board_store.open_late(
            self.db, tuple(sorted(int(s) for s in OPEN_STATUSES)), iso(moment)
        )
        resolved = finished["early"] + finished["on_time"] + finished["late"]
        late = finished["late"] + still_open["late"]
        apologised = finished["late_apologised"] + still_open["late_apologised"]
        return Board(
            moment=moment,
            sections=tuple(sections),
            month=MonthFigures(
                start=month_start.date(),
                resolved=resolved,
                early=finished["early"],
                on_time=finished["on_time"],
                late=finished["late"],
                on_time_rate=round((resolved - finished["late"]) / resolved, 4)
                if resolved
                else None,
                late_total=late,
                late_apologised=apologised,
                apology_rate=round(apologised / late, 4) if late else None,
            ),
        )

    def board_page(
        self, key: str, offset: int, limit: int, total: int, moment: datetime
    ) -> list[BoardRow]:
        """Rows [offset, offset+limit) of one section, for a windowed table."""
        query = self.section_query(key, moment)
        return [board_row(r) for r in board_store.page(self.db, query, offset, limit, total)]

    def board_count(self, key: str, moment: datetime) -> int:
        return board_store.count(self.db, self.section_query(key, moment))

    def search(self, text: str, limit: int = 50) -> list[BoardRow]:
        """Dossiers by code or part of it, name (accents optional, đ = d), ID number or phone."""
        cleaned = text.strip()
        if not cleaned:
            return []
        code = normalise_code(cleaned)
        if CODE_RE.match(code):  # a whole code, typed or scanned: the unique index answers
            exact = board_store.by_code(self.db, code)
            if exact:
                return [board_row(r) for r in exact]
            # "H56-261124-0001" has a code's shape too: the end of a code, searched by its parts.
        digits = sum(ch.isdigit() for ch in cleaned)
        if _PHONE_LIKE.fullmatch(cleaned) and cleaned[0] in "+0" and digits >= 4:
            # "+84 912 345 678" or "079 088 001 234": try the stored, normalised form first;
            # "000.00.01" may as well be the start of a code, so fall back to the words.
            rows = board_store.search(self.db, normalise_phone(cleaned), limit)
            if rows:
                return [board_row(r) for r in rows]
        words = fold(cleaned).replace("-", " ").replace(".", " ").split()
        # The agency code's parts are in every code: alone they would match every dossier.
        agency = set(fold(self.settings.agency_code).replace(".", " ").split())
        distinctive = [w for w in words if w not in agency] or words
        return [board_row(r) for r in board_store.search(self.db, " ".join(distinctive), limit)]

    # -- end of day: export for upstream ------------------------------------------------------
    def signing_key(self) -> Ed25519PrivateKey:
        return keys.load_key(keys.key_path(self.db.path))

    def public_key(self) -> dict[str, str]:
        """What upstream registers: the desk id, the public key and its fingerprint."""
        key = self.signing_key()
        return {
            "desk_id": self.settings.desk_id,
            "public_key": keys.public_text(key),
            "fingerprint": keys.fingerprint(key),
        }

    def export_preview(self) -> dict[int, int]:
        """What the next export will carry: changed dossiers by status."""
        last = sync_store.last_export(self.db)
        return sync_store.pending_counts(self.db, last.change_seq_to if last else 0)

    def export(
        self, out_dir: Path, progress: export.Progress | None = None
    ) -> export.ExportResult | None:
        """Write, verify and record the next sync file; None when nothing changed."""
        return export.export_changes(
            self.db, self.settings, self.signing_key(), out_dir, self.clock.now(), progress
        )

    def export_again(self, seq: int, out_dir: Path) -> Path:
        return export.export_again(self.db, self.settings, self.signing_key(), seq, out_dir)

    def exports(self) -> list[sync_store.ExportRecord]:
        return sync_store.exports(self.db)

    def unexported_from_earlier_days(self) -> int:
        """Changes made before today that no export has carried (the reminder on closing)."""
        today = datetime.combine(self.clock.now().date(), time(0, 0), tzinfo=VN_TZ)
        return sync_store.unexported_before(self.db, iso(today))

    def sync_state(self, code: str) -> dict[str, Any]:
        return sync_store.sync_state(self.db, self.get(code).code)

    def rejected_dossiers(self, limit: int = 200) -> list[dict[str, Any]]:
        """Dossiers upstream rejected that have not changed since, newest acknowledgement first."""
        return [
            {
                "code": r["code"],
                "applicant_name": r["applicant_name"],
                "reason": r["reason"],
                "export_seq": int(r["export_seq"]),
            }
            for r in sync_store.rejected_dossiers(self.db, limit)
        ]

    def import_ack(self, path: Path) -> dict[str, int]:
        """Take in upstream's acknowledgement file and update each dossier's sync state."""
        ack = load_ack(path)
        if ack["desk_id"] != self.settings.desk_id:
            raise InvalidInput(
                [
                    FieldError(
                        "ack",
                        "Tệp xác nhận này thuộc quầy khác.",
                        f"{path.name} acknowledges desk {ack['desk_id']}, "
                        f"this is desk {self.settings.desk_id}",
                    )
                ]
            )
        record = sync_store.export_by_seq(self.db, ack["export_seq"])
        if record is None or record.file_sha256 != ack["file_sha256"]:
            raise InvalidInput(
                [
                    FieldError(
                        "ack",
                        "Tệp xác nhận không khớp với lần kết xuất nào của quầy này.",
                        f"{path.name} acknowledges export {ack['export_seq']} with a file this "
                        "desk did not write",
                    )
                ]
            )
        if sync_store.ack_imported(self.db, ack["export_seq"]):
            return {"accepted": 0, "rejected": 0, "already_imported": 1}
        accepted = [(a["MaHoSo"], a["_version"]) for a in ack["accepted"]]
        rejected = [(r["MaHoSo"], r["_version"], r["reason"]) for r in ack["rejected"]]
        sync_store.record_ack(
            self.db, ack["export_seq"], ack["file_sha256"], ack["imported_at"], accepted, rejected
        )
        return {"accepted": len(accepted), "rejected": len(rejected), "already_imported": 0}

    def find_applicant(self, id_number: str) -> Applicant | None:
        """A returning applicant's last known details, from their personal ID number."""
        cleaned = "".join(id_number.split())
        if len(cleaned) != 12 or not cleaned.isdigit():
            return None
        return repo.latest_applicant(self.db, cleaned)

    # -- printing ----------------------------------------------------------------------------
    def office_profile(self) -> OfficeProfile:
        from onestop_desktop.documents.receipt import OfficeProfile

        s = self.settings
        return OfficeProfile(
            parent_agency=s.header_line1,
            office_name=s.office_name,
            place_name=s.place_name,
            form_profile=s.form_profile,
            paper=s.paper,
            copies=s.copies,
            head_of_agency=s.head_of_agency,
            head_title=s.head_title,
            lookup_url=s.lookup_url,
            hotline=s.hotline,
        )

    def render_form(self, code: str, out: Path | BinaryIO, form: str = "receipt") -> Dossier:
        """Render a printed form of the dossier as PDF into `out`.

        Each form is drawn from what was recorded: the supplement request from the last request
        for papers, the refusal from the refusal step, the apology from the last apology (with
        the date it replaced and the new one), the control sheet from the whole history.
        """
        if form not in FORMS:
            raise InvalidInput(
                [
                    FieldError(
                        "form",
                        f"Không có mẫu phiếu “{form}”.",
                        f"unknown form '{form}': expected one of {', '.join(FORMS)}",
                    )
                ]
            )
        from onestop_desktop.documents.lifecycle_forms import render_form as render_pdf

        dossier = self.get(code)
        render_pdf(form, self.form_data(dossier, form), self.office_profile(), out)
        return dossier

    def form_data(self, dossier: Dossier, form: str) -> FormData:
        """What the form `form` prints of `dossier`; InvalidInput when it has nothing to say."""
        from onestop_desktop.documents.lifecycle_forms import (
            ApologyData,
            ControlSheetData,
            RefusalData,
            SupplementData,
        )

        if form == "receipt":
            return receipt_data(dossier)
        facts = _facts(dossier, self.clock.now(), self.settings.clerk_name)
        if form == "control":
            return ControlSheetData(
                **facts,
                steps=control_steps(dossier, self.settings.office_name, self._processing_unit()),
                processing_unit=self._processing_unit(),
            )
        if form == "supplement":
            step = _last_step(dossier, "transition", Status.SUPPLEMENT_REQUESTED)
            if step is None:
                raise _form_needs(form, "yêu cầu bổ sung giấy tờ", "a request for papers")
            return SupplementData(
                **facts,
                items=tuple(_items(step.note)),
                reason=step.note,
                contact_phone=self.settings.hotline,
            )
        if form == "refusal":
            step = _last_step(dossier, "transition", Status.REFUSED)
            if step is None:
                raise _form_needs(form, "từ chối tiếp nhận", "a refusal")
            return RefusalData(**facts, reason=step.note)
        assert form == "apology"
        apologies = repo.event_data(self.db, dossier.id, "apology")
        if not apologies:
            raise _form_needs(form, "xin lỗi, hẹn lại ngày trả", "an apology with a new date")
        last = apologies[-1]
        return ApologyData(
            **facts,
            original_due_at=datetime.fromisoformat(last["previous_due"]),
            new_due_at=datetime.fromisoformat(last["new_due"]),
            reason=last["note"],
        )

    def _processing_unit(self) -> str:
        return self.settings.agency_name

    def record_print(
        self, code: str, form: str, outcome: str, copies: int = 1, detail: str = ""
    ) -> bool:
        """Record a print attempt (printed / pdf / failed); return whether it was a reprint."""
        dossier = self.get(code)
        return repo.record_print(
            self.db,
            dossier.id,
            form,
            self.clock.now(),
            self.settings.clerk_name,
            copies,
            outcome,
            detail,
        )

    def print_history(self, code: str) -> list[dict[str, object]]:
        return repo.print_history(self.db, self.get(code).id)


def default_documents(procedure: Procedure) -> tuple[HandedDocument, ...]:
    """The procedure's required papers with their usual counts, as the checklist starts.

    Papers that are only shown and handed back (the ID card) are not part of the dossier.
    """
    return tuple(
        HandedDocument(d.name, d.originals, d.certified_copies, d.photocopies)
        for d in procedure.documents
        if d.required and not d.shown
    )


def _who_and_what(dossier: Dossier) -> dict[str, Any]:
    """The dossier, procedure and applicant fields every printed form starts from."""
    a = dossier.applicant
    return {
        "code": dossier.code,
        "procedure_code": dossier.procedure_code,
        "procedure_name": dossier.procedure_name,
        "applicant_name": a.name,
        "id_number": a.id_number,
        "phone": a.phone,
        "email": a.email,
        "address": a.address,
    }


def _facts(dossier: Dossier, now: datetime, clerk: str) -> dict[str, Any]:
    """The DossierFacts fields every lifecycle form shares, as keyword arguments."""
    return {
        **_who_and_what(dossier),
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "issued_at": now,
        "clerk_name": clerk or dossier.clerk,
    }


def _last_step(dossier: Dossier, kind: str, to: Status) -> HistoryEntry | None:
    return next(
        (h for h in reversed(dossier.history) if h.kind == kind and h.to_status is to), None
    )


def _items(note: str) -> list[str]:
    """The papers a request names: one per line or per ';' of the clerk's note."""
    return [part.strip() for part in re.split(r"[;\n]", note) if part.strip()]


def _form_needs(form: str, vi: str, en: str) -> InvalidInput:
    return InvalidInput(
        [
            FieldError(
                "form",
                f"Hồ sơ chưa có bước “{vi}” nên chưa in được phiếu này.",
                f"the {form} form needs {en} recorded on the dossier first",
            )
        ]
    )


def control_steps(dossier: Dossier, office: str, unit: str) -> tuple[ControlStep, ...]:
    """The control sheet's hand-overs: to the processing unit, and the result coming back.

    The result column is filled when the processing ended (trước hạn / đúng hạn / quá hạn by
    date against the due date, as the reports count it, DOMAIN.md §4.2).
    """
    from onestop_desktop.documents.lifecycle_forms import ControlStep

    office_unit = office.capitalize() if office.isupper() else office
    steps = [ControlStep(dossier.received_at, office_unit, unit, "Tiếp nhận hồ sơ")]
    for h in dossier.history:
        if h.kind != "transition" or h.to_status is None:
            continue
        if h.to_status is Status.RESOLVED:
            result = ""
            if dossier.due_at is not None:
                if h.at.date() < dossier.due_at.date():
                    result = "trước hạn"
                elif h.at.date() == dossier.due_at.date():
                    result = "đúng hạn"
                else:
                    result = "quá hạn"
            steps.append(ControlStep(h.at, unit, office_unit, "Trả kết quả", result))
        elif h.to_status in (Status.SUPPLEMENT_REQUESTED, Status.REFUSED, Status.STOPPED):
            steps.append(ControlStep(h.at, unit, office_unit, h.to_status.label_vi))
    return tuple(steps)


def calendar_for(settings: OfficeSettings) -> WorkCalendar:
    """The working calendar: shipped holiday overrides plus the administrator's, office hours."""
    base = default_calendar(hours=OfficeHours.parse(settings.office_hours))
    if not settings.calendar_overrides:
        return base
    extra = [
        DayOverride(
            day=datetime.strptime(str(o["date"]), "%Y-%m-%d").date(),
            working=bool(o["working"]),
            note=str(o.get("note", "")),
        )
        for o in settings.calendar_overrides
    ]
    return WorkCalendar(base.hours, [*base.overrides, *extra])


def receipt_data(dossier: Dossier) -> ReceiptData:
    from onestop_desktop.documents.receipt import ReceiptData, SlipDocument

    return ReceiptData(
        **_who_and_what(dossier),
        channel=int(dossier.channel),
        return_method=int(dossier.return_method),
        documents=tuple(
            SlipDocument(d.name, d.originals, d.certified_copies, d.photocopies)
            for d in dossier.documents
        ),
        sets_count=dossier.sets_count,
        statutory_time=dossier.deadline_text,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        clerk_name=dossier.clerk,
    )
