"""The board's trend line: the on-time rate and the apology rate of the last months at a glance,
as two rows of bars (▁ to █, 0 to 100 %), each month's figures in the tooltip.

The months are counted by the period report's rules (`Desk.monthly_series`, one query), on the
desk's worker and only a moment after the board is shown, so they never delay its first paint;
again when the day changes. Past months do not move, so the line is not redrawn after each
dossier (this month's own figures, always current, are on the month line above it).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from datetime import date

from onestop_desktop.operations import Desk
from onestop_desktop.operations.reports import MonthPoint
from onestop_desktop.ui.background import DeskOp
from onestop_desktop.ui.qt import QEvent, QLabel, QLocale, Qt, QTimer, QWidget, Signal

log = logging.getLogger(__name__)

#: how many months the line shows, this one included
TREND_MONTHS = 6
#: after the board is shown: its first paint and the keyboard come first
TREND_DELAY_MS = 800
BARS = "▁▂▃▄▅▆▇█"
NOTHING = "·"  # a month with nothing to grade
#: as in the Reports window's and the PDF's charts
ON_TIME_COLOUR, APOLOGY_COLOUR = "#2e7d32", "#f9a825"


def _coloured(text: str, colour: str) -> str:
    """Bars drawn large enough to read at a glance, in the colour of their rate's chart."""
    return f'<span style="font-size: 13pt; color: {colour};">{text}</span>'


def bars(rates: Sequence[float | None]) -> str:
    """One bar per month on a fixed 0–100 % scale (so 95 % and 60 % never look alike)."""
    return "".join(
        NOTHING if r is None else BARS[min(len(BARS) - 1, int(r / 100 * len(BARS)))] for r in rates
    )


class MonthTrend(QLabel):
    """The last months' two graded rates, loaded off the UI thread (`load`)."""

    #: the months were counted and shown (or could not be: then the line stays empty)
    loaded = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setObjectName("monthTrend")
        self.setProperty("role", "muted")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.months: list[MonthPoint] = []
        #: the day the months were counted for, and the day being counted now
        self.day: date | None = None
        self.loading: date | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(TREND_DELAY_MS)
        self.timer.timeout.connect(self.load)

    def load_soon(self) -> None:
        """Count the months in a moment, unless they are today's already."""
        if self.desk.clock.now().date() not in (self.day, self.loading):
            self.timer.start()

    def load(self) -> None:
        today = self.desk.clock.now().date()
        if today in (self.day, self.loading):
            return
        self.loading = today
        DeskOp(
            self,
            self.desk,
            lambda desk: desk.monthly_series(today, TREND_MONTHS),
            success=lambda months: self._loaded(today, months),
            failure=self._failed,
            handles=(Exception,),  # a trend that cannot be counted is no reason to stop a clerk
        )

    def _loaded(self, day: date, months: list[MonthPoint]) -> None:
        self.loading = None
        self.day, self.months = day, months
        self.retranslate()
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self.loading = None
        log.warning("the board's trend of the last months was not counted: %s", error)
        self.loaded.emit()

    def retranslate(self) -> None:
        months = self.months
        if not months:
            self.setText("")
            self.setToolTip("")
            return
        # the texts are escaped: only the bars are markup
        self.setText(
            html.escape(
                self.tr(
                    "Last {n} months ({first} – {last}): finished by the due date {on_time} · "
                    "late dossiers apologised in time {apology}"
                )
            ).format(
                n=len(months),
                first=f"{months[0].month:%m/%Y}",
                last=f"{months[-1].month:%m/%Y}",
                on_time=_coloured(bars([p.counts.on_time_rate for p in months]), ON_TIME_COLOUR),
                apology=_coloured(bars([p.counts.apology_rate for p in months]), APOLOGY_COLOUR),
            )
        )
        self.setToolTip(
            "\n".join(
                self.tr("{month}: on time {on_time} · apologised in time {apology}").format(
                    month=f"{p.month:%m/%Y}",
                    on_time=_rate(p.counts.on_time_rate),
                    apology=_rate(p.counts.apology_rate),
                )
                for p in months
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _rate(value: float | None) -> str:
    return "—" if value is None else QLocale().toString(value, "f", 1) + " %"
