"""Receiving a dossier at the counter: check what the clerk entered, register it durably."""

from __future__ import annotations

from datetime import datetime

from onestop_desktop.domain.dossier import Applicant, Channel, Dossier, ReturnMethod
from onestop_desktop.domain.people import Actor
from onestop_desktop.domain.procedures import Procedure
from onestop_desktop.domain.receiving import CheckedReceipt, ReceiveRequest, check_receipt
from onestop_desktop.domain.text import fold
from onestop_desktop.operations.base import DeskBase
from onestop_desktop.store import dossiers as repo

__all__ = ["ReceiveRequest", "Receiving"]


class Receiving(DeskBase):
    """The desk's receiving operations."""

    def receive(self, request: ReceiveRequest) -> Dossier:
        """Validate and durably register a dossier; return it with its code and due time."""
        now = self.clock.now()
        checked = check_receipt(request, self.catalogue, now)
        procedure = checked.procedure
        actor = self.actor
        with self.db.transaction():
            code = self._insert(checked, procedure, request, actor, now)
            self.audit(
                "dossier.received",
                code,
                {"procedure": procedure.code, "channel": int(request.channel)},
                at=now,
            )
        return self.get(code)

    def _insert(
        self,
        checked: CheckedReceipt,
        procedure: Procedure,
        request: ReceiveRequest,
        actor: Actor,
        now: datetime,
    ) -> str:
        return repo.insert_dossier(
            self.db,
            repo.NewDossier(
                agency_code=self.settings.agency_code,
                station=self.settings.station,
                procedure_code=procedure.code,
                procedure_name=procedure.name,
                field_code=procedure.field_code,
                field_name=procedure.field,
                deadline_text=procedure.deadline.describe_vi(),
                applicant=checked.applicant,
                channel=Channel(request.channel),
                return_method=ReturnMethod(request.return_method),
                documents=checked.documents,
                sets_count=request.sets_count,
                received_at=checked.received_at,
                due_at=self.calendar.due_at(procedure.deadline, checked.received_at),
                clerk=actor.name,
                note=request.note.strip(),
                clerk_id=actor.person_id,
                clerk_title=actor.title,
                clerk_unit=actor.unit,
            ),
            now,
        )

    def earlier_applicants(self, *, phone: str = "", name: str = "") -> list[Applicant]:
        """Applicants of earlier dossiers with this phone (10 or 11 digits) or exactly this
        name (accents and case do not matter), for the clerk to pick a returning citizen."""
        digits = "".join(phone.split())
        if digits:
            if not digits.isdigit() or len(digits) not in (10, 11):
                return []
            return repo.earlier_applicants(self.db, phone=digits)
        folded = fold(name)
        if len(folded) < 3:
            return []
        return repo.earlier_applicants(self.db, name_folded=folded)

    def id_number_owner(self, id_number: str, name: str) -> str | None:
        """The name an ID number was last given with, when it is not this name (a typing
        slip that would file one citizen's number under another's name), else None."""
        known = self.find_applicant(id_number)
        if known is None or fold(known.name) == fold(name):
            return None
        return known.name

    def find_applicant(self, id_number: str) -> Applicant | None:
        """A returning applicant's last known details, from their personal ID number."""
        cleaned = "".join(id_number.split())
        if len(cleaned) != 12 or not cleaned.isdigit():
            return None
        return repo.latest_applicant(self.db, cleaned)
