"""Carrying in the backlog: the dossiers of an office's paper book or previous software, read
from a CSV or XLSX file and checked row by row with the desk's own rules (issue 12).

Pure: no SQL, no Qt. The file is refused whole, before anything is read, when it is not a CSV
or an XLSX or is larger than `MAX_BYTES`; it is read as a stream and refused once it holds more
than `MAX_ROWS` rows. Every bad row is reported with its line and field, so the clerk can mend
the whole file at once; `operations.backlog` writes nothing while any row is wrong.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from onestop_desktop.domain.clock import FUTURE_TOLERANCE, iso, to_vn
from onestop_desktop.domain.dossier import (
    CHANNEL_NAMES,
    Applicant,
    Channel,
    InvalidInput,
    control_character_error,
    validate_applicant,
)
from onestop_desktop.domain.errors import InputError
from onestop_desktop.domain.lifecycle import FINISHED
from onestop_desktop.domain.procedures import Catalogue, Procedure
from onestop_desktop.domain.status import Status
from onestop_desktop.domain.text import excerpt, excerpt_vi

#: the columns a backlog file must have, in the order the README lists them
REQUIRED_COLUMNS = (
    "procedure",
    "name",
    "id_number",
    "phone",
    "received_at",
    "due_at",
    "status",
    "finished_at",
    "returned_at",
    "channel",
)
OPTIONAL_COLUMNS = ("original_code",)
#: the most rows one file may bring in (a commune office receives some 10,000 dossiers a year)
MAX_ROWS = 200_000
#: the largest file read at all (checked on its size, before reading)
MAX_BYTES = 50 * 1024 * 1024
MAX_ORIGINAL_CODE = 100


@dataclass(frozen=True)
class RowError:
    """One wrong field of one row: the file's line (1 is the header row), the column, and what
    is expected, in Vietnamese and English."""

    line: int
    field: str
    vi: str
    en: str


class BacklogFileError(InputError):
    """The file cannot be brought in at all (its kind, size, encoding or header row)."""


class BacklogRejected(InputError):
    """Some rows are wrong: every one is listed, and nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        shown = errors[:20]
        more = len(errors) - len(shown)
        vi = "\n".join(f"Dòng {e.line}, cột {e.field}: {e.vi}" for e in shown)
        en = "; ".join(f"line {e.line}, {e.field}: {e.en}" for e in shown)
        if more:
            vi += f"\n… và {more} lỗi khác."
            en += f"; and {more} more"
        super().__init__(
            f"Không nhập được tệp: {len(errors)} lỗi, chưa ghi hồ sơ nào.\n{vi}",
            f"nothing imported, {len(errors)} error(s): {en}",
        )


@dataclass(frozen=True)
class BacklogRow:
    """One checked dossier of the backlog, ready to be written."""

    line: int
    procedure: Procedure
    applicant: Applicant
    received_at: datetime
    #: as the book recorded it; None when it had none (the desk's calendar gives it)
    due_at: datetime | None
    status: Status
    finished_at: datetime | None
    returned_at: datetime | None
    channel: Channel
    original_code: str


#: statuses whose history needs the time processing ended, and the one that needs the hand-back
NEEDS_FINISHED = FINISHED
NEEDS_RETURNED = frozenset({Status.RETURNED})

Cell = str | int | float | datetime | date | time | None


def _refuse_file(vi: str, en: str) -> BacklogFileError:
    return BacklogFileError(vi, en)


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, Cell]]]:
    """The rows of a backlog file as (line, {column: cell}), after checking its kind, size and
    header row; the header is line 1. Raises BacklogFileError for a file refused whole."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise _refuse_file(
            f"Tệp {excerpt_vi(path.name)} không phải tệp CSV hay Excel (.xlsx).",
            f"{excerpt(path.name)} is not a .csv or .xlsx file",
        )
    try:
        size = path.stat().st_size
    except OSError as error:
        raise _refuse_file(
            f"Không đọc được tệp {excerpt_vi(path.name)}: {error.strerror or error}.",
            f"cannot read {path}: {error.strerror or error}",
        ) from None
    if size > MAX_BYTES:
        raise _refuse_file(
            f"Tệp lớn quá {MAX_BYTES // (1024 * 1024)} MB; hãy chia thành nhiều tệp.",
            f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB: split it into several",
        )
    rows = _xlsx_rows(path) if suffix == ".xlsx" else _csv_rows(path)
    header: list[str] | None = None
    for line, cells in rows:
        if header is None:
            header = _check_header(cells)
            continue
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue  # a blank line, as spreadsheets leave at the end
        if line - 1 > MAX_ROWS:
            raise _refuse_file(
                f"Tệp có hơn {MAX_ROWS:,} dòng hồ sơ; hãy chia thành nhiều tệp.".replace(",", "."),
                f"the file has more than {MAX_ROWS:,} rows: split it into several",
            )
        padded = list(cells) + [None] * (len(header) - len(cells))
        yield line, {name: padded[i] for i, name in enumerate(header) if name}
    if header is None:
        raise _refuse_file(
            "Tệp trống: dòng đầu phải là dòng tên cột.",
            "the file is empty: its first line must be the header row",
        )


def _check_header(cells: list[Cell]) -> list[str]:
    names = [str(c).strip() if c is not None else "" for c in cells]
    unknown = [n for n in names if n and n not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    missing = [n for n in REQUIRED_COLUMNS if n not in names]
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    problems_vi: list[str] = []
    problems_en: list[str] = []
    if unknown:
        problems_vi.append("cột không biết: " + ", ".join(excerpt_vi(n) for n in unknown))
        problems_en.append("unknown column(s): " + ", ".join(excerpt(n) for n in unknown))
    if missing:
        problems_vi.append("thiếu cột: " + ", ".join(missing))
        problems_en.append("missing column(s): " + ", ".join(missing))
    if repeated:
        problems_vi.append("cột lặp lại: " + ", ".join(repeated))
        problems_en.append("repeated column(s): " + ", ".join(repeated))
    if problems_vi:
        expected = ", ".join(REQUIRED_COLUMNS) + " (original_code tùy chọn)"
        raise _refuse_file(
            f"Dòng tên cột (dòng 1) không đúng: {'; '.join(problems_vi)}. Cần các cột: {expected}.",
            f"line 1 (the header row): {'; '.join(problems_en)}; expected the columns "
            f"{', '.join(REQUIRED_COLUMNS)} and optionally original_code",
        )
    return names


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Cell]]]:
    """CSV rows, UTF-8 with or without BOM, comma- or semicolon-separated (Excel in Vietnam
    writes semicolons where the decimal mark is a comma)."""
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        try:
            first = text.readline()
            delimiter = ";" if first.count(";") > first.count(",") else ","
            reader = csv.reader(_chain_first(first, text), delimiter=delimiter, strict=True)
            for cells in reader:
                yield reader.line_num, list(cells)
        except UnicodeDecodeError:
            raise _refuse_file(
                "Tệp CSV không ở mã UTF-8: hãy lưu lại bằng “CSV UTF-8”.",
                "the CSV file is not UTF-8: save it again as “CSV UTF-8”",
            ) from None
        except csv.Error as error:
            raise _refuse_file(
                f"Tệp CSV hỏng: {error}.", f"the CSV file is malformed: {error}"
            ) from None


def _chain_first(first: str, rest: io.TextIOWrapper) -> Iterator[str]:
    yield first
    yield from rest


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Cell]]]:
    """The first sheet's rows (openpyxl read-only: a row at a time)."""
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(path):
        raise _refuse_file(
            f"Tệp {excerpt_vi(path.name)} không phải tệp Excel (.xlsx) hợp lệ.",
            f"{excerpt(path.name)} is not a valid .xlsx workbook",
        )
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise _refuse_file(
            f"Không mở được tệp Excel {excerpt_vi(path.name)}.",
            f"cannot open the workbook {excerpt(path.name)}: {error}",
        ) from None
    try:
        sheet = book.worksheets[0]
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield (
                line,
                [
                    v if isinstance(v, (str, int, float, datetime, date, time)) else None
                    for v in values
                ],
            )
    finally:
        book.close()


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _digits(cell: Cell, width: int) -> str:
    """A number a spreadsheet stored as a number (losing its leading zeros) as the digits it
    was typed with: an ID number has 12 digits, a phone number begins with 0."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool) and float(cell).is_integer():
        text = str(int(cell))
        return text.zfill(width) if width else "0" + text
    return _text(cell)


def _moment(cell: Cell, field: str, line: int, errors: list[RowError]) -> datetime | None:
    """A time from an ISO 8601 text (local Vietnam time when no offset) or a real Excel date."""
    if isinstance(cell, datetime):
        return to_vn(cell)
    if isinstance(cell, date):
        return to_vn(datetime.combine(cell, time()))
    text = _text(cell)
    if not text:
        return None
    try:
        return to_vn(datetime.fromisoformat(text))
    except ValueError:
        errors.append(
            RowError(
                line,
                field,
                f"{excerpt_vi(text)} không phải thời điểm: cần dạng ISO 8601, ví dụ "
                "2025-03-14T09:30 (giờ Việt Nam nếu không ghi múi giờ).",
                f"{excerpt(text)} is not a time: expected ISO 8601 such as 2025-03-14T09:30 "
                "(Vietnam time unless an offset is given)",
            )
        )
        return None


def check_row(
    line: int, cells: dict[str, Cell], catalogue: Catalogue, now: datetime
) -> BacklogRow | list[RowError]:
    """One row checked with the desk's own rules: the row, or every error it has."""
    errors: list[RowError] = []
    procedure: Procedure | None = None
    code = _text(cells.get("procedure"))
    if not code:
        errors.append(
            RowError(line, "procedure", "Cần mã thủ tục.", "the procedure code is required")
        )
    else:
        try:
            procedure = catalogue.get(code)
        except KeyError:
            errors.append(
                RowError(
                    line,
                    "procedure",
                    f"Không có thủ tục mã {excerpt_vi(code)} trong danh mục.",
                    f"no procedure has the code {excerpt(code)} in the catalogue",
                )
            )
    applicant: Applicant | None = None
    try:
        applicant = validate_applicant(
            _text(cells.get("name")),
            _digits(cells.get("id_number"), 12),
            _digits(cells.get("phone"), 0),
        )
    except InvalidInput as invalid:
        errors.extend(RowError(line, e.field, e.vi, e.en) for e in invalid.errors)
    received = _moment(cells.get("received_at"), "received_at", line, errors)
    due = _moment(cells.get("due_at"), "due_at", line, errors)
    finished = _moment(cells.get("finished_at"), "finished_at", line, errors)
    returned = _moment(cells.get("returned_at"), "returned_at", line, errors)
    if received is None and _text(cells.get("received_at")) == "":
        errors.append(
            RowError(
                line, "received_at", "Cần thời điểm tiếp nhận.", "the receiving time is required"
            )
        )
    status = _status(cells.get("status"), line, errors)
    channel = _channel(cells.get("channel"), line, errors)
    original = _text(cells.get("original_code"))
    typed = control_character_error("original_code", original, "Mã hồ sơ cũ", "the old code")
    if typed is not None:
        errors.append(RowError(line, typed.field, typed.vi, typed.en))
    elif len(original) > MAX_ORIGINAL_CODE:
        errors.append(
            RowError(
                line,
                "original_code",
                f"Mã hồ sơ cũ dài quá {MAX_ORIGINAL_CODE} ký tự.",
                f"the old code is longer than {MAX_ORIGINAL_CODE} characters",
            )
        )
    if status is not None:
        _check_times_for_status(line, status, finished, returned, cells, errors)
    _check_order(line, received, due, finished, returned, now, errors)
    if errors:
        return errors
    assert procedure is not None and applicant is not None and received is not None
    assert status is not None and channel is not None
    return BacklogRow(
        line, procedure, applicant, received, due, status, finished, returned, channel, original
    )


def _status(cell: Cell, line: int, errors: list[RowError]) -> Status | None:
    text = _text(cell)
    try:
        return Status(int(text))
    except ValueError:
        codes = ", ".join(str(int(s)) for s in Status)
        errors.append(
            RowError(
                line,
                "status",
                f"{excerpt_vi(text) or '(trống)'} không phải mã trạng thái: cần một trong {codes}.",
                f"{excerpt(text) or '(empty)'} is not a national status code: expected one of "
                f"{codes}",
            )
        )
        return None


def _channel(cell: Cell, line: int, errors: list[RowError]) -> Channel | None:
    text = _text(cell).lower()
    if text in CHANNEL_NAMES:
        return CHANNEL_NAMES[text]
    errors.append(
        RowError(
            line,
            "channel",
            f"{excerpt_vi(text) or '(trống)'} không phải kênh tiếp nhận: cần direct (trực tiếp), "
            "online (trực tuyến) hoặc postal (bưu chính).",
            f"{excerpt(text) or '(empty)'} is not a channel: expected direct, online or postal",
        )
    )
    return None


def _check_times_for_status(
    line: int,
    status: Status,
    finished: datetime | None,
    returned: datetime | None,
    cells: dict[str, Cell],
    errors: list[RowError],
) -> None:
    label_vi, label_en = status.label_vi, status.label_en
    given_finished = finished is not None or bool(_text(cells.get("finished_at")))
    given_returned = returned is not None or bool(_text(cells.get("returned_at")))
    if status in NEEDS_FINISHED and not given_finished:
        errors.append(
            RowError(
                line,
                "finished_at",
                f"Trạng thái {int(status)} “{label_vi}” cần thời điểm kết thúc xử lý.",
                f"status {int(status)} ({label_en}) needs the time processing ended",
            )
        )
    if status not in NEEDS_FINISHED and given_finished:
        errors.append(
            RowError(
                line,
                "finished_at",
                f"Hồ sơ ở trạng thái {int(status)} “{label_vi}” chưa kết thúc: để trống cột này.",
                f"a dossier in status {int(status)} ({label_en}) has not ended: leave it empty",
            )
        )
    if status in NEEDS_RETURNED and not given_returned:
        errors.append(
            RowError(
                line,
                "returned_at",
                "Trạng thái 10 “Đã trả kết quả” cần thời điểm trả kết quả.",
                "status 10 (Result returned) needs the time the result was handed back",
            )
        )
    if status not in NEEDS_RETURNED and given_returned:
        errors.append(
            RowError(
                line,
                "returned_at",
                f"Hồ sơ ở trạng thái {int(status)} “{label_vi}” chưa trả kết quả: để trống "
                "cột này (hoặc ghi trạng thái 10).",
                f"a dossier in status {int(status)} ({label_en}) has no result handed back: "
                "leave it empty (or give status 10)",
            )
        )


def _check_order(
    line: int,
    received: datetime | None,
    due: datetime | None,
    finished: datetime | None,
    returned: datetime | None,
    now: datetime,
    errors: list[RowError],
) -> None:
    latest = now + FUTURE_TOLERANCE
    for field, moment, vi in (
        ("received_at", received, "Thời điểm tiếp nhận"),
        ("finished_at", finished, "Thời điểm kết thúc xử lý"),
        ("returned_at", returned, "Thời điểm trả kết quả"),
    ):
        if moment is not None and moment > latest:
            errors.append(
                RowError(
                    line,
                    field,
                    f"{vi} ({iso(moment)}) ở tương lai.",
                    f"{iso(moment)} is in the future (now is {iso(now)})",
                )
            )
    if received is None:
        return
    if due is not None and due <= received:
        errors.append(
            RowError(
                line,
                "due_at",
                "Hạn trả kết quả phải sau thời điểm tiếp nhận.",
                f"the due time {iso(due)} is not after the receiving time {iso(received)}",
            )
        )
    if finished is not None and finished < received:
        errors.append(
            RowError(
                line,
                "finished_at",
                "Thời điểm kết thúc xử lý phải sau thời điểm tiếp nhận.",
                f"{iso(finished)} is before the receiving time {iso(received)}",
            )
        )
    if returned is not None and finished is not None and returned < finished:
        errors.append(
            RowError(
                line,
                "returned_at",
                "Thời điểm trả kết quả phải sau thời điểm kết thúc xử lý.",
                f"{iso(returned)} is before the time processing ended {iso(finished)}",
            )
        )


def check_file(
    path: Path, catalogue: Catalogue, now: datetime
) -> tuple[list[BacklogRow], list[RowError]]:
    """Every row of the file checked: the good rows and every error (the file's own problems
    raise BacklogFileError). A repeated `original_code` is an error on its later lines."""
    good: list[BacklogRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for line, cells in read_rows(path):
        checked = check_row(line, cells, catalogue, now)
        if isinstance(checked, list):
            errors.extend(checked)
            continue
        if checked.original_code:
            first = seen.setdefault(checked.original_code, line)
            if first != line:
                errors.append(
                    RowError(
                        line,
                        "original_code",
                        f"Mã hồ sơ cũ {excerpt_vi(checked.original_code)} đã có ở dòng {first}.",
                        f"the old code {excerpt(checked.original_code)} is already on line {first}",
                    )
                )
                continue
        good.append(checked)
    return good, errors
