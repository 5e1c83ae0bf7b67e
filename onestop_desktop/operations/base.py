"""The desk every operation works on: its database, settings, catalogue, calendar and clock.

Each operation module (receiving, lifecycle, board, export, forms) adds its methods to this base
as a mixin; `operations.desk.Desk` puts them together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from onestop_desktop.domain.calendar import WorkCalendar
from onestop_desktop.domain.clock import Clock, SystemClock, iso, to_vn
from onestop_desktop.domain.dossier import Dossier, normalise_code
from onestop_desktop.domain.errors import InputError
from onestop_desktop.domain.people import Actor, Person, actor_of
from onestop_desktop.domain.procedures import Catalogue, Procedure
from onestop_desktop.domain.receiving import find_procedure
from onestop_desktop.domain.settings import OfficeSettings
from onestop_desktop.domain.text import excerpt, excerpt_vi
from onestop_desktop.store import audit as audit_store
from onestop_desktop.store import dossiers as repo
from onestop_desktop.store import people as people_store
from onestop_desktop.store.database import Database


class UnknownDossier(InputError, LookupError):
    """No dossier has this code."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(
            f"Không tìm thấy hồ sơ có mã {excerpt_vi(code)}.",
            f"no dossier has the code {excerpt(code)}",
        )


class NotAllowed(InputError):
    """The person at the desk may not do this (an administrator's change by a clerk)."""


@dataclass
class DeskBase:
    """One open desk: its database, settings, catalogue, calendar and clock, and who is at it."""

    db: Database
    settings: OfficeSettings
    catalogue: Catalogue
    calendar: WorkCalendar
    clock: Clock = field(default_factory=SystemClock)
    #: the person at the desk (operations.people `sign_in`); None until the office lists its
    #: people, and then the steps are made by the settings' generic clerk name
    on_duty: Person | None = None

    @property
    def actor(self) -> Actor:
        """Who the changes made now are recorded as."""
        if self.on_duty is not None:
            return actor_of(self.on_duty)
        return Actor(None, self.settings.clerk_name)

    def audit(
        self,
        action: str,
        entity: str = "",
        data: dict[str, Any] | None = None,
        at: datetime | None = None,
    ) -> int:
        """Append an entry to the audit chain for a change made now by `actor`. Call it inside
        the change's own transaction (`with self.db.transaction():`), so both are kept or
        neither is; alone it is a transaction of its own."""
        actor = self.actor
        with self.db.transaction() as conn:
            return audit_store.append(
                conn,
                iso(at or self.clock.now()),
                actor.person_id,
                actor.name,
                action,
                entity,
                data,
            )

    def require_admin(self) -> None:
        """Refuse an administrator's change (settings, people, the calendar) unless the person
        at the desk is an administrator. While nobody is signed in (the office has not listed
        its people yet, or the command line, run by whoever holds the computer's account),
        the change is allowed and recorded under the generic name. An office that has no
        active administrator yet lets whoever is at the desk make it."""
        if self.on_duty is None or self.on_duty.has_role("admin"):
            return
        # An office without an administrator would lock itself out: anyone may then.
        if people_store.has_active_admin(self.db):
            raise NotAllowed(
                f"{self.on_duty.name} không có quyền quản trị: thay đổi này cần người quản trị.",
                f"{self.on_duty.name} is not an administrator: this change needs one",
            )

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
