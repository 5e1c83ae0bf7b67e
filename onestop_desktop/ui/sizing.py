"""Screens that read on a small counter PC: 1024×768, and 1366×768 or 1024×768 at 125 % scaling.

One place for the sizing rules every screen shares, rather than a fix in each widget:

- `FlowLayout`: a row of buttons that wraps onto a second line instead of widening the window;
- `fit_columns`: a table's columns share the width of its viewport, so the status column is
  never pushed behind a horizontal scroll bar; columns that matter less are hidden first, and a
  cell cut short shows its whole text as a tooltip;
- `scrollable`: a tall page scrolls in a short window (614 logical pixels at 125 % on 768);
- `fit_to_screen`: a dialog's preferred size, never larger than the screen it opens on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from onestop_desktop.ui.qt import (
    QAbstractItemView,
    QEvent,
    QFrame,
    QHeaderView,
    QLayout,
    QLayoutItem,
    QModelIndex,
    QObject,
    QPoint,
    QRect,
    QScrollArea,
    QSize,
    QSizePolicy,
    Qt,
    QToolTip,
    QWidget,
    QWidgetItem,
)

#: what a window keeps free of the screen for its frame and the taskbar, in logical pixels
SCREEN_MARGIN = QSize(16, 48)


# -- a row of buttons that wraps ------------------------------------------------------------------
class FlowLayout(QLayout):
    """Widgets left to right, wrapping onto the next line when the width runs out.

    Qt's flow layout example, with `insertWidget` so a row of buttons can be rebuilt in place.
    Its minimum width is that of its widest widget, so it never widens the window.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def insertWidget(self, index: int, widget: QWidget) -> None:
        """Put `widget` at `index` (the end when out of range), as QBoxLayout does."""
        self.addChildWidget(widget)
        item = QWidgetItem(widget)
        if 0 <= index < len(self._items):
            self._items.insert(index, item)
        else:
            self._items.append(item)
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _visible(self) -> list[QLayoutItem]:
        shown = []
        for item in self._items:
            widget = item.widget()
            if widget is None or not widget.isHidden():
                shown.append(item)
        return shown

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Place the items (when `move`), each centred in its line's height, and return the
        height they need in `rect`'s width."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        spacing = self.spacing()
        lines: list[list[QLayoutItem]] = [[]]
        x = area.x()
        for item in self._visible():
            width = item.sizeHint().width()
            if lines[-1] and x + width > area.right() + 1:
                lines.append([])
                x = area.x()
            lines[-1].append(item)
            x += width + spacing
        y = area.y()
        for line in lines:
            height = max((item.sizeHint().height() for item in line), default=0)
            x = area.x()
            for item in line:
                hint = item.sizeHint()
                if move:
                    top = y + (height - hint.height()) // 2
                    item.setGeometry(QRect(QPoint(x, top), hint))
                x += hint.width() + spacing
            y += height + spacing
        return max(0, y - spacing) - rect.y() + margins.bottom()


# -- table columns that share the viewport -------------------------------------------------------
@dataclass
class ColumnPlan:
    """How a table's columns share its width.

    `preferred` and `minimum` widths are by column; a column absent takes its current width
    for both. `stretch` columns take what is left over; when even the minimums do not fit,
    the `drop` columns are hidden, first one first, until they do.
    """

    preferred: dict[int, int] = field(default_factory=dict)
    minimum: dict[int, int] = field(default_factory=dict)
    stretch: tuple[int, ...] = ()
    drop: tuple[int, ...] = ()


def plan_widths(
    plan: ColumnPlan, count: int, available: int, current: dict[int, int] | None = None
) -> dict[int, int]:
    """The width of each shown column (hidden ones absent) for `available` pixels."""
    current = current or {}
    preferred = {c: plan.preferred.get(c, current.get(c, 100)) for c in range(count)}
    minimum = {c: min(plan.minimum.get(c, preferred[c]), preferred[c]) for c in range(count)}
    shown = list(range(count))
    for column in plan.drop:
        if sum(minimum[c] for c in shown) <= available:
            break
        if column in shown:
            shown.remove(column)
    total = sum(preferred[c] for c in shown)
    widths = {c: preferred[c] for c in shown}
    if total <= available:
        stretch = [c for c in plan.stretch if c in shown] or shown[-1:]
        extra = available - total
        for index, column in enumerate(stretch):
            share = extra // len(stretch) + (1 if index < extra % len(stretch) else 0)
            widths[column] += share
        return widths
    # Too narrow for the preferred widths: each column gives up a share of what it can spare.
    spare = {c: preferred[c] - minimum[c] for c in shown}
    deficit = min(total - available, sum(spare.values()))
    room = sum(spare.values())
    given = 0
    for column in shown:
        cut = deficit * spare[column] // room if room else 0
        widths[column] -= cut
        given += cut
    for column in shown:  # what rounding left over, from the first that can spare it
        cut = min(deficit - given, widths[column] - minimum[column])
        widths[column] -= cut
        given += cut
    return widths


class _ColumnFitter(QObject):
    """Re-plans a view's columns whenever its viewport or its columns change."""

    def __init__(self, view: QAbstractItemView, header: QHeaderView, plan: ColumnPlan) -> None:
        super().__init__(view)
        self.view = view
        self.header = header
        self.plan = plan
        self.fitting = False
        view.viewport().installEventFilter(self)
        model = view.model()
        model.columnsInserted.connect(self.fit)
        model.columnsRemoved.connect(self.fit)
        model.modelReset.connect(self.fit)
        model.headerDataChanged.connect(self.fit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        elif event.type() == QEvent.Type.ToolTip:
            return show_elided_tooltip(self.view, event)
        return False

    def fit(self) -> None:
        if self.fitting:
            return
        self.fitting = True
        try:
            count = self.header.count()
            current = {c: self.header.sectionSize(c) for c in range(count)}
            widths = plan_widths(self.plan, count, self.view.viewport().width(), current)
            for column in range(count):
                self.header.setSectionHidden(column, column not in widths)
                if column in widths:
                    self.header.resizeSection(column, widths[column])
        finally:
            self.fitting = False


def fit_columns(view: QAbstractItemView, header: QHeaderView, plan: ColumnPlan) -> None:
    """Keep `view`'s columns inside its viewport as it is resized (see `ColumnPlan`)."""
    header.setStretchLastSection(False)
    for column in range(header.count()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
    header.setMinimumSectionSize(min([40, *plan.minimum.values()]))
    fitter = _ColumnFitter(view, header, plan)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    fitter.fit()


def show_elided_tooltip(view: QAbstractItemView, event: QEvent) -> bool:
    """A cell whose text is cut short shows it whole as a tooltip (unless it has one of its own).

    Returns whether the tooltip event was handled."""
    position = event.pos() if hasattr(event, "pos") else QPoint()
    index = view.indexAt(position)
    if not index.isValid() or index.data(Qt.ItemDataRole.ToolTipRole):
        return False
    text = index.data(Qt.ItemDataRole.DisplayRole)
    if not isinstance(text, str) or not text:
        return False
    rect = view.visualRect(index)
    # the cell's text margins, as the style draws them (about 2 × 3 pixels, and the focus frame)
    if view.fontMetrics().horizontalAdvance(text) <= rect.width() - 8:
        return False
    global_pos = event.globalPos() if hasattr(event, "globalPos") else QPoint()
    QToolTip.showText(global_pos, text, view.viewport(), rect)
    return True


def is_elided(index: QModelIndex, view: QAbstractItemView) -> bool:
    """Whether a cell's text is wider than the cell (what `show_elided_tooltip` checks)."""
    text = index.data(Qt.ItemDataRole.DisplayRole)
    width = view.visualRect(index).width()
    return isinstance(text, str) and view.fontMetrics().horizontalAdvance(text) > width - 8


# -- tall pages and large dialogs ----------------------------------------------------------------
def scrollable(page: QWidget) -> QScrollArea:
    """`page` in a frameless scroll area: it scrolls when the window is shorter than it."""
    area = QScrollArea()
    area.setObjectName(f"{page.objectName() or 'page'}Scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    area.setWidget(page)
    return area


def available_size(widget: QWidget) -> QSize:
    """The room on the screen `widget` opens on, less a window frame and the taskbar."""
    screen = widget.screen()
    if screen is None:
        return QSize(1 << 16, 1 << 16)
    return screen.availableGeometry().size() - SCREEN_MARGIN


def fitted_size(wanted: QSize, available: QSize, minimum: QSize) -> QSize:
    """`wanted`, made no larger than `available` but no smaller than `minimum`."""
    return wanted.boundedTo(available).expandedTo(minimum)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize a dialog to its preferred size, or to the screen when that is smaller."""
    size = fitted_size(QSize(width, height), available_size(widget), widget.minimumSizeHint())
    widget.resize(size)
