"""The desk every operation works on: its database, settings, catalogue, calendar and clock.

Each operation module (receiving, lifecycle, board, export, forms) adds its methods to this base
as a mixin; `operations.desk.Desk` puts them together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from onestop_desktop.domain.calendar import WorkCalendar
from onestop_desktop.domain.clock import Clock, SystemClock, to_vn
from onestop_desktop.domain.dossier import Dossier, normalise_code
from onestop_desktop.domain.errors import InputError
from onestop_desktop.domain.procedures import Catalogue, Procedure
from onestop_desktop.domain.receiving import find_procedure
from onestop_desktop.domain.settings import OfficeSettings
from onestop_desktop.domain.text import excerpt, excerpt_vi
from onestop_desktop.store import dossiers as repo
from onestop_desktop.store.database import Database


class UnknownDossier(InputError, LookupError):
    """No dossier has this code."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(
            f"Không tìm thấy hồ sơ có mã {excerpt_vi(code)}.",
            f"no dossier has the code {excerpt(code)}",
        )


@dataclass
class DeskBase:
    """One open desk: its database, settings, catalogue, calendar and clock."""

    db: Database
    settings: OfficeSettings
    catalogue: Catalogue
    calendar: WorkCalendar
    clock: Clock = field(default_factory=SystemClock)

    def procedure(self, code: str) -> Procedure:
        """The catalogue's procedure with this code (InvalidInput when there is none)."""
        return find_procedure(self.catalogue, code)

    def due(self, procedure_code: str, received_at: datetime | None = None) -> datetime | None:
        """The due time the calendar gives for a dossier received at `received_at` (or now)."""
        procedure = self.procedure(procedure_code)
        return self.calendar.due_at(procedure.deadline, to_vn(received_at or self.clock.now()))

    def get(self, code: str) -> Dossier:
        """The dossier with this code (typed or scanned), with its history."""
        found = repo.get_dossier(self.db, normalise_code(code))
        if found is None:
            raise UnknownDossier(code)
        return found
