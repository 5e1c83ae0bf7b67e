"""The per-officer view as one A4 page for the weekly meeting: what each officer holds, how
much of it is overdue and how much is due by the next working day, worst first, with totals.

Provincial reports ask communes to control appointment slips and the backlog weekly and to make
the specialist officers report directly (DOMAIN.md §0); this page is what the meeting reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable, Spacer

from onestop_desktop.documents.forms import (
    PAGE_LAYOUTS,
    form_styles,
    grid_table,
    paragraph,
    write_pdf,
)
from onestop_desktop.domain.clock import to_vn
from onestop_desktop.domain.handover import OfficerLoad

TITLE = "BẢNG THEO DÕI HỒ SƠ THEO CÁN BỘ XỬ LÝ"
COLUMNS = (
    "TT",
    "Cán bộ xử lý",
    "Chức danh, đơn vị",
    "Đang giữ",
    "Quá hạn",
    "Đến hạn đến hết ngày làm việc tiếp theo",
)


def render_officer_load(
    moment: datetime,
    soon_until: datetime,
    rows: Sequence[OfficerLoad],
    *,
    header: tuple[str, str],
    place: str,
    out: Path | BinaryIO,
) -> None:
    """Write the page: the office's header lines, the title and moment, the table (officers
    worst first, the desk's row last) and the totals. One page: the font shrinks to fit a long
    list, and a list that still does not fit is cut with a line saying how many were left out."""
    layout = PAGE_LAYOUTS["A4"]
    local, until = to_vn(moment), to_vn(soon_until)
    for size in (*layout.font_sizes, 7.0, 6.5):
        styles = form_styles(size)
        # roughly: a row takes two lines of text at most
        room = int((layout.frame_height - 40 * size) / (size * 2.9))
        if len(rows) <= room or size == 6.5:
            break
    shown = list(rows[:room]) if len(rows) > room else list(rows)
    width = layout.frame_width
    widths = [width * f for f in (0.06, 0.25, 0.29, 0.11, 0.11, 0.18)]
    table_rows: list[list[Flowable | str | list[Flowable]]] = [
        [paragraph(h, styles.cell_head) for h in COLUMNS]
    ]
    for number, load in enumerate(shown, start=1):
        who = ", ".join(part for part in (load.title, load.unit) if part)
        table_rows.append(
            [
                # the desk's own row (no officer) is not numbered
                paragraph(str(number) if load.person_id is not None else "", styles.cell_center),
                paragraph(load.name, styles.cell),
                paragraph(who, styles.cell),
                paragraph(str(load.held), styles.cell_center),
                paragraph(str(load.overdue), styles.cell_center),
                paragraph(str(load.due_soon), styles.cell_center),
            ]
        )
    held, overdue, soon = (
        sum(r.held for r in rows),
        sum(r.overdue for r in rows),
        sum(r.due_soon for r in rows),
    )
    table_rows.append(
        [
            "",
            paragraph("Tổng cộng", styles.cell_head),
            "",
            paragraph(str(held), styles.cell_head),
            paragraph(str(overdue), styles.cell_head),
            paragraph(str(soon), styles.cell_head),
        ]
    )
    story: list[Flowable] = [
        paragraph(header[0], styles.header),
        paragraph(header[1], styles.header_bold),
        Spacer(1, size * 1.5),
        paragraph(TITLE, styles.title),
        paragraph(
            f"Tính đến {local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}; “đến hạn” tính "
            f"đến {until:%H} giờ {until:%M} phút, ngày {until:%d/%m/%Y} (hết ngày làm việc "
            "tiếp theo).",
            styles.center_italic,
        ),
        Spacer(1, size),
        grid_table(table_rows, widths, styles),
    ]
    if len(shown) < len(rows):
        story.append(
            paragraph(
                f"(Còn {len(rows) - len(shown)} cán bộ không có hồ sơ quá hạn không in hết.)",
                styles.note_italic,
            )
        )
    story += [
        Spacer(1, size),
        paragraph(
            "Quá hạn: hồ sơ có hạn trả kết quả trước thời điểm trên (không tính hồ sơ đang chờ "
            "bổ sung giấy tờ, đã dừng tính thời gian). Hàng “Bộ phận Một cửa”: hồ sơ chưa "
            "chuyển cho cán bộ xử lý.",
            styles.note_italic,
        ),
    ]
    if place:
        story += [
            Spacer(1, size),
            paragraph(f"{place}, ngày {local:%d} tháng {local:%m} năm {local:%Y}", styles.body),
        ]
    write_pdf(
        out,
        layout,
        [story],
        title=TITLE.capitalize(),
        author=header[1],
        subject=f"{local:%d/%m/%Y %H:%M}",
    )
