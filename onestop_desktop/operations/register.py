"""The register book (Sổ theo dõi hồ sơ, Mẫu 06 TT 01/2018 / Mẫu 07 TT 03/2025) for a period
and, optionally, one field, written as PDF, .xlsx or CSV (issue 12)."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from onestop_desktop.domain.dossier import FieldError, InvalidInput
from onestop_desktop.domain.errors import InputError
from onestop_desktop.domain.register import RegisterPeriod
from onestop_desktop.domain.text import excerpt, excerpt_vi
from onestop_desktop.operations.forms import Forms
from onestop_desktop.store.register import register_rows

#: what each output's suffix writes
REGISTER_FORMATS = (".pdf", ".xlsx", ".csv")


class UnwritableOutput(InputError):
    """The register's output path cannot be written: its folder is missing or read-only."""


class Register(Forms):
    """The desk's register book."""

    def register_field_name(self, field_code: str) -> str:
        """The field's name for a field code of the catalogue (InvalidInput when none)."""
        for procedure in self.catalogue.procedures:
            if procedure.field_code == field_code:
                return procedure.field
        codes = sorted({p.field_code for p in self.catalogue.procedures})
        raise InvalidInput(
            [
                FieldError(
                    "field",
                    f"Không có lĩnh vực mã {excerpt_vi(field_code)} trong danh mục.",
                    f"no field has the code {excerpt(field_code)}: expected one of "
                    f"{', '.join(codes)}",
                    cli_hint="--field",
                )
            ]
        )

    def write_register(self, period: RegisterPeriod, out: Path, field_code: str = "") -> int:
        """Write the register of dossiers received in `period` (of one field, when given) to
        `out`, as its suffix says (.pdf, .xlsx, .csv); return the number of dossiers."""
        from onestop_desktop.documents import register as doc

        suffix = out.suffix.lower()
        if suffix not in REGISTER_FORMATS:
            raise InvalidInput(
                [
                    FieldError(
                        "out",
                        "Tệp sổ phải có đuôi .pdf, .xlsx hoặc .csv.",
                        f"{excerpt(out.name)}: expected a file ending in .pdf, .xlsx or .csv",
                        cli_hint="--out",
                    )
                ]
            )
        field_name = self.register_field_name(field_code) if field_code else ""
        check_writable(out)
        rows = register_rows(self.db, period.start, period.end, field_code)
        book = doc.RegisterBook(
            office=replace(self.office_profile(), agency_name=self.settings.agency_name),
            first=period.first,
            last=period.last,
            field_name=field_name,
            clerk=self.actor.name,
            made=self.clock.now().date(),
        )
        if suffix == ".pdf":
            doc.render_register_pdf(book, rows, out)
        elif suffix == ".xlsx":
            doc.render_register_xlsx(book, rows, out)
        else:
            doc.render_register_csv(book, rows, out)
        return len(rows)


def check_writable(out: Path) -> None:
    folder = out.parent
    if out.is_dir() or not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        why_vi = "là một thư mục" if out.is_dir() else "thư mục không có hoặc không ghi được"
        why_en = "it is a folder" if out.is_dir() else "its folder is missing or not writable"
        raise UnwritableOutput(
            f"Không ghi được tệp {excerpt_vi(str(out))}: {why_vi}.",
            f"cannot write {out}: {why_en}",
            cli_hint="--out",
        )
