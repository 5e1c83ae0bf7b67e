"""The desk's period report (Biểu 06's counters and the two graded rates, per field, procedure
or officer) as a landscape A4 PDF, an .xlsx workbook and a CSV file, each written to a temporary
file beside the target and renamed over it (nothing half-written)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from onestop_desktop.documents.fonts import BOLD, ITALIC, REGULAR, register_fonts
from onestop_desktop.documents.forms import SYSTEM_NAME, OfficeProfile, load_common_texts
from onestop_desktop.documents.register import write_atomically
from onestop_desktop.domain.reports import Counts

#: the report's columns after the group's name: (JSON key, Vietnamese heading, English heading)
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("received", "Tiếp nhận mới", "Received"),
    ("received_online", "Trực tuyến", "Online"),
    ("received_direct", "Trực tiếp, BCCI", "Direct, postal"),
    ("carried_over", "Kỳ trước chuyển qua", "Carried over"),
    ("handled", "Tổng số xử lý", "Handled"),
    ("resolved", "Đã giải quyết", "Resolved"),
    ("resolved_early", "Trước hạn", "Early"),
    ("resolved_on_time", "Đúng hạn", "On time"),
    ("resolved_late", "Quá hạn", "Late"),
    ("pending", "Đang giải quyết", "Pending"),
    ("pending_in_time", "Trong hạn", "In time"),
    ("pending_overdue", "Quá hạn", "Overdue"),
    ("due_in_period", "Đến hạn trong kỳ", "Due in period"),
    ("finished_by_due", "Xong đúng hạn", "Finished by due"),
    ("on_time_rate", "Tỷ lệ đúng hạn (%)", "On-time rate (%)"),
    ("late_in_period", "Trễ hạn trong kỳ", "Late in period"),
    ("apologised_in_time", "Xin lỗi kịp thời", "Apologised in time"),
    ("apology_rate", "Tỷ lệ xin lỗi (%)", "Apology rate (%)"),
)
BY_VI = {"field": "Lĩnh vực", "procedure": "Thủ tục hành chính", "officer": "Cán bộ"}
RATE_KEYS = frozenset({"on_time_rate", "apology_rate"})


@dataclass(frozen=True)
class ReportSheet:
    """What a written report shows: who made it, its period and grouping, its rows and total."""

    office: OfficeProfile
    start: date
    end: date
    by: str
    official_cutoff: bool
    #: (key, name, counts) per group
    rows: Sequence[tuple[str, str, Counts]]
    total: Counts
    made: date
    #: the months of the charts, oldest first: (first day, that month's counts); none, no charts
    months: Sequence[tuple[date, Counts]] = ()


#: the months' charts: their titles (pdftotext finds them) and series colours
RATES_TITLE = "Tỷ lệ đúng hạn và tỷ lệ xin lỗi kịp thời theo tháng (%)"
VOLUMES_TITLE = "Hồ sơ tiếp nhận, đã giải quyết và đang giải quyết theo tháng"
GREEN, AMBER, BLUE, GREY = "#2e7d32", "#f9a825", "#1565c0", "#9e9e9e"


def values(counts: Counts) -> list[Any]:
    """The row's figures in COLUMNS order (a rate is a float, or None when nothing to grade)."""
    data = counts.as_json()
    return [data[key] for key, _, _ in COLUMNS]


def _headings(sheet: ReportSheet) -> list[str]:
    return ["Mã", BY_VI[sheet.by], *(f"{vi} ({en})" for _, vi, en in COLUMNS)]


def _title(sheet: ReportSheet) -> tuple[str, str]:
    period = f"Từ ngày {sheet.start.strftime('%d/%m/%Y')} đến ngày {sheet.end.strftime('%d/%m/%Y')}"
    if sheet.official_cutoff:
        period += " (kỳ chốt số liệu chính thức)"
    return (
        f"BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THEO {BY_VI[sheet.by].upper()}",
        period,
    )


def render_report_csv(sheet: ReportSheet, out: Path) -> None:
    """The report as CSV, UTF-8 with a BOM, a total row last; an empty rate is empty."""

    def write(handle: IO[str]) -> None:
        writer = csv.writer(handle)
        writer.writerow(_headings(sheet))
        for key, name, counts in sheet.rows:
            writer.writerow([key, name, *("" if v is None else v for v in values(counts))])
        writer.writerow(["", "Tổng cộng", *("" if v is None else v for v in values(sheet.total))])

    write_atomically(out, write, binary=False)


def render_report_xlsx(sheet: ReportSheet, out: Path) -> None:
    """The report as an .xlsx workbook (openpyxl write-only): a title block, the header row
    frozen, real numbers, set widths and a bold total row."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("Báo cáo")
    widths = [14.0, 40.0, *([12.0] * len(COLUMNS))]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    header_row = 5
    ws.freeze_panes = f"C{header_row + 1}"

    def bold(value: Any, wrap: bool = False, number: str = "") -> Any:
        cell = WriteOnlyCell(ws, value=value)
        cell.font = Font(bold=True)
        if wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        if number:
            cell.number_format = number
        return cell

    def figures(counts: Counts, strong: bool) -> list[Any]:
        out: list[Any] = []
        for (key, _, _), value in zip(COLUMNS, values(counts), strict=True):
            number = "0.00" if key in RATE_KEYS else "0"
            if strong:
                out.append(bold(value, number=number))
            else:
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = number
                out.append(cell)
        return out

    title, period = _title(sheet)
    ws.append([bold(sheet.office.parent_agency)])
    ws.append([bold(sheet.office.office_name)])
    ws.append([bold(title)])
    ws.append([period])
    ws.append([bold(h, wrap=True) for h in _headings(sheet)])
    for key, name, counts in sheet.rows:
        ws.append([key, name, *figures(counts, False)])
    ws.append(["", bold("Tổng cộng"), *figures(sheet.total, True)])
    write_atomically(out, workbook.save, binary=True, by_path=True)


def _rate_text(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    return f"{value:,}".replace(",", ".")


def _chart(sheet: ReportSheet, width: float) -> Drawing | None:
    """The two rates of each group (at most 12 groups) as horizontal bars."""
    rows = [r for r in sheet.rows if r[2].due_in_period or r[2].late_in_period][:12]
    if not rows:
        return None
    height = 30 + 16 * len(rows)
    drawing = Drawing(width, height + 20)
    chart = HorizontalBarChart()
    chart.x, chart.y = 160, 10
    chart.width, chart.height = width - 200, height
    chart.data = [
        [r[2].on_time_rate or 0 for r in rows],
        [r[2].apology_rate or 0 for r in rows],
    ]
    chart.categoryAxis.categoryNames = [(r[1] or r[0] or "—")[:40] for r in rows]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 10
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = colors.HexColor("#2e7d32")
    chart.bars[1].fillColor = colors.HexColor("#f9a825")
    drawing.add(chart)
    drawing.add(
        String(
            160,
            height + 14,
            "Xanh: tỷ lệ đúng hạn (%) — Vàng: tỷ lệ xin lỗi kịp thời (%)",
            fontName=ITALIC,
            fontSize=8,
        )
    )
    return drawing


def _month_label(day: date) -> str:
    return f"{day.month:02d}/{day.year % 100:02d}"


def _legend(x: float, y: float, items: list[tuple[str, str]], step: float = 150) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = step
    legend.fontName = REGULAR
    legend.fontSize = 7
    legend.colorNamePairs = [(colors.HexColor(colour), name) for colour, name in items]
    return legend


def _month_axes(
    chart: HorizontalLineChart | VerticalBarChart, months: Sequence[tuple[date, Counts]]
) -> None:
    """Both charts' axes: the months below, small labels, values from 0 on a light grid."""
    chart.categoryAxis.categoryNames = [_month_label(day) for day, _ in months]
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = REGULAR
        axis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.Color(0.85, 0.85, 0.85)


def rates_chart(months: Sequence[tuple[date, Counts]], width: float) -> Drawing:
    """The on-time rate and the apology rate of each month as lines (a month with nothing to
    grade leaves a gap, not a 0)."""
    drawing = Drawing(width, 150)
    drawing.add(String(0, 140, RATES_TITLE, fontName=BOLD, fontSize=9))
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 30, 30, width - 40, 95
    chart.data = [
        [c.on_time_rate for _, c in months],
        [c.apology_rate for _, c in months],
    ]
    _month_axes(chart, months)
    chart.valueAxis.valueMax, chart.valueAxis.valueStep = 100, 20
    for index, (colour, marker) in enumerate(((GREEN, "FilledCircle"), (AMBER, "FilledSquare"))):
        chart.lines[index].strokeColor = colors.HexColor(colour)
        chart.lines[index].strokeWidth = 1.5
        chart.lines[index].symbol = makeMarker(marker, size=3)
        chart.lines[index].symbol.fillColor = colors.HexColor(colour)
    drawing.add(chart)
    drawing.add(
        _legend(
            30,
            8,
            [(GREEN, "Tỷ lệ đúng hạn (%)"), (AMBER, "Tỷ lệ trễ hạn được xin lỗi kịp thời (%)")],
        )
    )
    return drawing


def volumes_chart(months: Sequence[tuple[date, Counts]], width: float) -> Drawing:
    """Received, resolved and pending (at the month's end) of each month as grouped bars."""
    drawing = Drawing(width, 150)
    drawing.add(String(0, 140, VOLUMES_TITLE, fontName=BOLD, fontSize=9))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, width - 50, 95
    chart.data = [
        [c.received for _, c in months],
        [c.resolved for _, c in months],
        [c.pending for _, c in months],
    ]
    _month_axes(chart, months)
    if not any(any(series) for series in chart.data):
        chart.valueAxis.valueMax, chart.valueAxis.valueStep = 10, 2
    chart.barSpacing = 0.5
    chart.groupSpacing = 4
    for index, colour in enumerate((BLUE, GREEN, GREY)):
        chart.bars[index].fillColor = colors.HexColor(colour)
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    drawing.add(
        _legend(
            40,
            8,
            [(BLUE, "Tiếp nhận mới"), (GREEN, "Đã giải quyết"), (GREY, "Đang giải quyết")],
            step=95,
        )
    )
    return drawing


def render_report_pdf(sheet: ReportSheet, out: Path) -> None:
    """The report as a landscape A4 PDF: the office's header, the title and period, the table
    with a total row, and a chart of the two rates."""
    register_fonts()
    common = load_common_texts(sheet.office.form_profile)
    page = landscape(A4)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=10 * mm,
        rightMargin=10 * mm,
        topMargin=10 * mm,
        bottomMargin=10 * mm,
        title="Báo cáo tình hình giải quyết hồ sơ",
        author=sheet.office.agency,
        creator=SYSTEM_NAME,
        producer=SYSTEM_NAME,
        invariant=1,
    )
    normal = ParagraphStyle("n", fontName=REGULAR, fontSize=9, leading=11, alignment=1)
    strong = ParagraphStyle("b", parent=normal, fontName=BOLD)
    cell = ParagraphStyle("c", fontName=REGULAR, fontSize=6.5, leading=7.5)
    head = ParagraphStyle("h", fontName=BOLD, fontSize=6, leading=7, alignment=1)
    title, period = _title(sheet)
    header = Table(
        [
            [
                Paragraph(sheet.office.parent_agency, normal),
                Paragraph(common.text("motto"), strong),
            ],
            [Paragraph(sheet.office.office_name, strong), Paragraph(common.text("slogan"), strong)],
        ],
        colWidths=[(page[0] - 20 * mm) / 2] * 2,
    )
    story: list[Any] = [
        header,
        Spacer(1, 5 * mm),
        Paragraph(title, ParagraphStyle("t", parent=strong, fontSize=12, leading=15)),
        Paragraph(period, ParagraphStyle("p", parent=normal, fontName=ITALIC)),
        Spacer(1, 4 * mm),
    ]
    headings = ["Mã", BY_VI[sheet.by], *(vi for _, vi, _ in COLUMNS)]
    data: list[list[Any]] = [[Paragraph(h, head) for h in headings]]
    for key, name, counts in sheet.rows:
        data.append(
            [Paragraph(key, cell), Paragraph(name, cell), *(_rate_text(v) for v in values(counts))]
        )
    data.append(["", Paragraph("<b>Tổng cộng</b>", cell), *map(_rate_text, values(sheet.total))])
    usable = page[0] - 20 * mm
    widths = [22 * mm, 54 * mm]
    rest = (usable - sum(widths)) / len(COLUMNS)
    table = Table(data, colWidths=[*widths, *([rest] * len(COLUMNS))], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 1), (-1, -1), REGULAR, 6.5),
                ("FONT", (0, -1), (-1, -1), BOLD, 6.5),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
                ("BACKGROUND", (0, -1), (-1, -1), colors.Color(0.95, 0.95, 0.95)),
                ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    story.append(table)
    chart = _chart(sheet, usable)
    if chart is not None:
        story += [Spacer(1, 6 * mm), chart]
    if sheet.months:
        half = (usable - 10 * mm) / 2
        pair = Table(
            [[rates_chart(sheet.months, half), volumes_chart(sheet.months, half)]],
            colWidths=[half + 5 * mm, half + 5 * mm],
        )
        story += [Spacer(1, 6 * mm), KeepTogether(pair)]
    story += [
        Spacer(1, 4 * mm),
        Paragraph(
            f"Lập ngày {sheet.made.strftime('%d/%m/%Y')}. Số liệu theo Biểu số 06 (Thông tư "
            "01/2020/TT-VPCP); cách tính các tỷ lệ: xem README, lệnh report.",
            ParagraphStyle("f", parent=normal, fontName=ITALIC, fontSize=7, alignment=0),
        ),
    ]
    doc.build(story)
    write_atomically(out, lambda handle: handle.write(buffer.getvalue()), binary=True)
