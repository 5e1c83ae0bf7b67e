"""Printed forms: what each form prints of a dossier, rendering it as PDF, and the print log.

The forms themselves (Circular 03/2025/TT-VPCP wording, or the 01/2018 profile) are drawn by
`documents/`; reportlab is imported when the first form is rendered, not at start-up.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from onestop_desktop.domain.dossier import Dossier, FieldError, HistoryEntry, InvalidInput
from onestop_desktop.domain.status import Status
from onestop_desktop.domain.text import excerpt, excerpt_vi
from onestop_desktop.operations.base import DeskBase
from onestop_desktop.store import dossiers as repo

if TYPE_CHECKING:
    from onestop_desktop.documents.lifecycle_forms import ControlStep, FormData
    from onestop_desktop.documents.receipt import OfficeProfile, ReceiptData

#: the printed forms: the slip, supplement request, refusal, apology, control sheet
FORMS: tuple[str, ...] = ("receipt", "supplement", "refusal", "apology", "control")


class Forms(DeskBase):
    """The desk's printed forms and print log."""

    def office_profile(self) -> OfficeProfile:
        from onestop_desktop.documents.forms import suffixes_for
        from onestop_desktop.documents.receipt import OfficeProfile

        s = self.settings
        return OfficeProfile(
            parent_agency=s.header_line1,
            office_name=s.office_title,
            agency_name=s.agency_name,
            office_kind=s.kind.running,
            number_suffixes=suffixes_for(s.kind.suffix),
            deputy_name=s.deputy_name,
            deputy_title=s.deputy_title,
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
        for papers, the refusal from the refusal step (each signed with the name of the person
        who made that step), the apology from the last apology (with
        the date it replaced and the new one), the control sheet from the whole history.
        """
        if form not in FORMS:
            raise InvalidInput(
                [
                    FieldError(
                        "form",
                        f"Không có mẫu phiếu {excerpt_vi(form)}.",
                        f"unknown form {excerpt(form)}: expected one of {', '.join(FORMS)}",
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
            # Papers picked from the checklist are recorded apart from the reason; an older
            # request had them typed one a line into its note, which was all it said.
            papers = step.data.get("papers")
            return SupplementData(
                **{**facts, "clerk_name": step.actor or facts["clerk_name"]},
                items=tuple(papers) if papers else tuple(_items(step.note)),
                reason=step.note,
                contact_phone=self.settings.hotline,
            )
        if form == "refusal":
            step = _last_step(dossier, "transition", Status.REFUSED)
            if step is None:
                raise _form_needs(form, "từ chối tiếp nhận", "a refusal")
            return RefusalData(
                **{**facts, "clerk_name": step.actor or facts["clerk_name"]}, reason=step.note
            )
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
        now = self.clock.now()
        with self.db.transaction():
            reprint = repo.record_print(
                self.db, dossier.id, form, now, self.actor.name, copies, outcome, detail
            )
            self.audit(
                "print." + outcome,
                dossier.code,
                {"form": form, "copies": copies, "reprint": reprint},
                at=now,
            )
        return reprint

    def print_history(self, code: str) -> list[dict[str, object]]:
        return repo.print_history(self.db, self.get(code).id)


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
    """The control sheet's hand-overs.

    With hand-overs recorded (`operations.handover`), the real chain: the desk to the first
    officer, officer to officer, the last officer back to the desk, each row with its time and
    its outcome (trước hạn / đúng hạn / quá hạn, `domain.handover.outcome`: by date against
    the due date in force then, as the reports count it, DOMAIN.md §4.2). Without any (a
    dossier from before hand-overs were recorded), the desk to the processing unit and the
    result coming back, the result column filled when the processing ended.
    """
    from onestop_desktop.documents.lifecycle_forms import ControlStep
    from onestop_desktop.domain.handover import outcome_vi

    office_unit = office.capitalize() if office.isupper() else office
    if any(h.kind == "handover" for h in dossier.history):
        chain: list[ControlStep] = []
        for h in dossier.history:
            if h.kind == "handover":
                giver = (
                    _who(h.data, "from")
                    if h.data.get("from_id") is not None
                    else _desk_side(office_unit, h)
                )
                chain.append(
                    ControlStep(
                        h.at,
                        giver,
                        _who(h.data, "to"),
                        h.note or "Chuyển xử lý",
                        outcome_vi(str(h.data.get("outcome", ""))),
                    )
                )
            elif h.kind == "result_back":
                chain.append(
                    ControlStep(
                        h.at,
                        _who(h.data, "from"),
                        _desk_side(office_unit, h),
                        h.note or "Trả kết quả",
                        outcome_vi(str(h.data.get("outcome", ""))),
                    )
                )
        return tuple(chain)
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


def _who(data: dict[str, Any], side: str) -> str:
    """An officer as a hand-over step recorded them: "Name (title, unit)"."""
    name = str(data.get(f"{side}_name") or "")
    extra = ", ".join(str(data.get(f"{side}_{k}") or "") for k in ("title", "unit"))
    extra = ", ".join(part for part in extra.split(", ") if part)
    return f"{name} ({extra})" if extra else name


def _desk_side(office_unit: str, step: HistoryEntry) -> str:
    """The one-stop desk on a hand-over row, with the clerk who made the step."""
    return f"{office_unit} ({step.actor})" if step.actor else office_unit


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
