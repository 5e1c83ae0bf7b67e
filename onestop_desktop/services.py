"""The operations a clerk performs at the counter, one layer for the GUI and the command line.

Every operation takes its "now" from the injected clock and goes through `store/` for data,
`domain/` for rules and `documents/` for printed forms.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

import platformdirs

from onestop_desktop.documents.receipt import (
    OfficeProfile,
    ReceiptData,
    SlipDocument,
    render_receipt,
)
from onestop_desktop.domain.calendar import DayOverride, OfficeHours, WorkCalendar, default_calendar
from onestop_desktop.domain.clock import Clock, SystemClock, to_vn
from onestop_desktop.domain.dossier import (
    Applicant,
    Channel,
    Dossier,
    FieldError,
    HandedDocument,
    InvalidInput,
    ReturnMethod,
    validate_applicant,
    validate_documents,
)
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
from onestop_desktop.store import dossiers as repo
from onestop_desktop.store.database import Database, open_database

#: how far in the future a typed receiving time may be (clock drift between PCs)
FUTURE_TOLERANCE = timedelta(minutes=10)
FORMS = ("receipt",)


def default_db_path() -> Path:
    """The desk database: `ONESTOP_DB` if set, else the platform's user data folder."""
    env = os.environ.get("ONESTOP_DB")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("onestop-desktop", appauthor=False)) / "desk.sqlite3"


class NotInitialised(Exception):
    """The database has no office settings yet (run `init`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.message_vi = (
            f"Cơ sở dữ liệu {path} chưa được thiết lập đơn vị. Hãy chạy lệnh init "
            "(mã định danh cơ quan, tên cơ quan)."
        )
        super().__init__(
            f"the database {path} has no office settings yet: run "
            "`init --agency-code CODE --agency-name NAME` first"
        )


class UnknownDossier(LookupError):
    """No dossier has this code."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.message_vi = f"Không tìm thấy hồ sơ có mã “{code}”."
        super().__init__(f"no dossier has the code '{code}'")


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
        from onestop_desktop.domain.dossier import normalise_code

        found = repo.get_dossier(self.db, normalise_code(code))
        if found is None:
            raise UnknownDossier(code)
        return found

    def find_applicant(self, id_number: str) -> Applicant | None:
        """A returning applicant's last known details, from their personal ID number."""
        cleaned = "".join(id_number.split())
        if len(cleaned) != 12 or not cleaned.isdigit():
            return None
        return repo.latest_applicant(self.db, cleaned)

    # -- printing ----------------------------------------------------------------------------
    def office_profile(self) -> OfficeProfile:
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
        """Render a printed form of the dossier as PDF into `out`."""
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
        dossier = self.get(code)
        render_receipt(receipt_data(dossier), self.office_profile(), out)
        return dossier

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
    a = dossier.applicant
    return ReceiptData(
        code=dossier.code,
        procedure_code=dossier.procedure_code,
        procedure_name=dossier.procedure_name,
        applicant_name=a.name,
        id_number=a.id_number,
        phone=a.phone,
        email=a.email,
        address=a.address,
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
