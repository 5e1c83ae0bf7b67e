"""Receiving a dossier at the counter: what the clerk enters, and the checks before it is saved.

Every field is checked at once, so the clerk sees all that is wrong in one go before the slip
is issued; nothing is saved until all of it is right.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from onestop_desktop.domain.clock import FUTURE_TOLERANCE, to_vn
from onestop_desktop.domain.dossier import (
    Applicant,
    Channel,
    FieldError,
    HandedDocument,
    InvalidInput,
    ReturnMethod,
    control_character_error,
    validate_applicant,
    validate_documents,
)
from onestop_desktop.domain.procedures import Catalogue, Procedure
from onestop_desktop.domain.text import excerpt, excerpt_vi

#: how many sets (bộ) of one dossier a clerk may receive at once
MAX_SETS = 99


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


@dataclass(frozen=True)
class CheckedReceipt:
    """A request that passed the checks, with everything resolved and cleaned."""

    procedure: Procedure
    applicant: Applicant
    documents: tuple[HandedDocument, ...]
    received_at: datetime


def find_procedure(catalogue: Catalogue, code: str) -> Procedure:
    """The catalogue's procedure with this code; InvalidInput naming the field when none."""
    try:
        return catalogue.get(code.strip())
    except KeyError:
        raise InvalidInput(
            [
                FieldError(
                    "procedure",
                    f"Không có thủ tục mã {excerpt_vi(code)} trong danh mục.",
                    f"no procedure has the code {excerpt(code)} in the catalogue",
                    cli_hint="see the `procedures` command",
                )
            ]
        ) from None


def default_documents(procedure: Procedure) -> tuple[HandedDocument, ...]:
    """The procedure's required papers with their usual counts, as the checklist starts.

    Papers that are only shown and handed back (the ID card) are not part of the dossier.
    """
    return tuple(
        HandedDocument(d.name, d.originals, d.certified_copies, d.photocopies)
        for d in procedure.documents
        if d.required and not d.shown
    )


def check_receipt(request: ReceiveRequest, catalogue: Catalogue, now: datetime) -> CheckedReceipt:
    """Check every field of `request`; raise InvalidInput listing all that is wrong."""
    errors: list[FieldError] = []
    procedure: Procedure | None = None
    try:
        procedure = find_procedure(catalogue, request.procedure_code)
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
    note_error = control_character_error(
        "note", request.note, "Ghi chú", "the note", multiline=True
    )
    if note_error is not None:
        errors.append(note_error)
    if not 1 <= request.sets_count <= MAX_SETS:
        errors.append(
            FieldError(
                "sets_count",
                f"Số lượng hồ sơ phải từ 1 đến {MAX_SETS} bộ.",
                f"sets_count must be between 1 and {MAX_SETS}",
            )
        )
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
    has_address = applicant is not None and bool(applicant.address)
    if request.channel == Channel.POSTAL and not has_address:
        errors.append(
            FieldError(
                "address",
                "Hồ sơ nộp qua bưu chính cần địa chỉ người nộp.",
                "a postal dossier needs the applicant's address",
            )
        )
    if request.return_method == ReturnMethod.POST and not has_address:
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
    return CheckedReceipt(procedure, applicant, documents, received_at)
