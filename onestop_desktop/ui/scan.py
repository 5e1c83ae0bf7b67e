"""Scanning a slip's barcode anywhere in the main window opens its dossier.

A USB barcode scanner is a keyboard: it types the code as key presses, a few milliseconds apart,
and ends with Enter, into whatever widget has the focus. `ScanFilter` is an application-wide
event filter that tells such a burst from a clerk typing.

How: every key press goes on to its widget at once, as if there were no filter, so typing is never
delayed, and nothing has to be replayed (replaying key events is fragile: input methods, dead keys,
shortcuts and validators all see them twice or out of order). The filter watches instead: a
printable key that arrives more than `threshold_ms` after the previous one starts a possible burst,
and before it reaches the widget the filter takes a restore point of that widget (a line edit's text
and cursor, a spin box's value, a date field's date, a combo box's choice, a table's current row; a
widget that holds more, such as the intake's procedure field whose choice a typed key clears, gives
its own restore point: `ScanRestorable`). Keys that follow within the threshold extend the burst.
When Enter ends a burst whose text, normalised (`normalise_code`: case, stray spaces), is a dossier
code (`CODE_RE`), the filter swallows the Enter, puts the widget back to its restore point (so a
code scanned while the cursor was in the intake's name field leaves the name as it was) and emits
`scanned(code)`. Any other Enter, a slow key, or a non-printable key (Backspace, arrows, Tab) ends
the burst with no effect: what was typed stays typed.

The gap is measured with the key events' own timestamps (the time the key reached the system,
not the time the busy UI thread got to it), falling back on a QElapsedTimer for events without
one; the clock is injectable so tests are deterministic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from onestop_desktop.domain.dossier import CODE_RE, normalise_code
from onestop_desktop.ui.qt import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QElapsedTimer,
    QEvent,
    QKeyEvent,
    QLineEdit,
    QObject,
    QPlainTextEdit,
    QSpinBox,
    Qt,
    QTimer,
    QWidget,
    Signal,
)

#: scanners send a key every 1–20 ms; people rarely type two keys 40 ms apart, never twenty
DEFAULT_THRESHOLD_MS = 40
#: the shortest text taken for a scan (the shortest code, "A-YYMMDD-NNNN", has 13 characters)
MIN_SCAN_LENGTH = 13

Restore = Callable[[], None]
Clock = Callable[[QKeyEvent], int]
_MODIFIER_KEYS = frozenset(
    {
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,
    }
)
_ENTER_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter})


@runtime_checkable
class ScanRestorable(Protocol):
    """A widget that knows best how to put itself back after a scan into one of its children
    (the intake's procedure field, whose choice a typed key clears)."""

    def scan_restore_point(self) -> Restore: ...


def restore_point(widget: QWidget | None) -> Restore:
    """A function that puts the widget's typed state back as it is now."""
    owner = widget.parentWidget() if widget is not None else None
    while owner is not None and not owner.isWindow():
        if isinstance(owner, ScanRestorable):
            return owner.scan_restore_point()
        owner = owner.parentWidget()
    if isinstance(widget, QLineEdit):
        text, cursor = widget.text(), widget.cursorPosition()

        def line_edit() -> None:
            if widget.text() != text:
                widget.setText(text)
            widget.setCursorPosition(cursor)

        return line_edit
    if isinstance(widget, QPlainTextEdit):
        plain = widget.toPlainText()
        position = widget.textCursor().position()

        def plain_text() -> None:
            if widget.toPlainText() != plain:
                widget.setPlainText(plain)
            cursor = widget.textCursor()
            cursor.setPosition(min(position, len(plain)))
            widget.setTextCursor(cursor)

        return plain_text
    if isinstance(widget, QDateTimeEdit):
        moment = widget.dateTime()
        return lambda: widget.setDateTime(moment)
    if isinstance(widget, QSpinBox):
        value = widget.value()
        return lambda: widget.setValue(value)
    if isinstance(widget, QAbstractSpinBox):
        shown = widget.text()
        return lambda: widget.lineEdit().setText(shown) if widget.lineEdit() else None
    if isinstance(widget, QComboBox):
        index, edited = widget.currentIndex(), widget.currentText()

        def combo() -> None:
            widget.setCurrentIndex(index)
            if widget.isEditable():
                widget.setEditText(edited)

        return combo
    if isinstance(widget, QAbstractItemView):
        current = widget.currentIndex()
        return lambda: widget.setCurrentIndex(current) if current.isValid() else None
    return lambda: None


class ScanFilter(QObject):
    """Turns a fast burst of key presses ending with Enter into a scanned dossier code."""

    scanned = Signal(str)  # the normalised code

    def __init__(
        self,
        window: QWidget,
        threshold_ms: int = DEFAULT_THRESHOLD_MS,
        clock: Clock | None = None,
        min_length: int = MIN_SCAN_LENGTH,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.threshold_ms = threshold_ms
        self.min_length = min_length
        self._elapsed = QElapsedTimer()
        self._elapsed.start()
        self.clock: Clock = clock or self._event_time
        self._buffer = ""
        self._last: int | None = None
        self._restore: Restore | None = None

    def _event_time(self, event: QKeyEvent) -> int:
        return int(event.timestamp()) or int(self._elapsed.elapsed())

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def reset(self) -> None:
        self._buffer = ""
        self._last = None
        self._restore = None

    def _watching(self, watched: QObject) -> QWidget | None:
        """The widget a key press is first delivered to, when it is in the main window."""
        if not isinstance(watched, QWidget):
            return None
        focus = QApplication.focusWidget()
        # A key the focus widget ignores is offered to its parents: look at it once.
        if watched is not focus and not (focus is None and watched is self.window):
            return None
        if watched.window() is not self.window or QApplication.activeModalWidget() is not None:
            return None
        return watched

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        target = self._watching(watched)
        if target is None:
            return False
        key = event.key()
        if key in _MODIFIER_KEYS:  # Shift before a capital letter is part of the burst
            return False
        now = self.clock(event)
        fast = self._last is not None and 0 <= now - self._last <= self.threshold_ms
        self._last = now
        modifiers = event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        if key in _ENTER_KEYS and modifiers == Qt.KeyboardModifier.NoModifier:
            text, restore = self._buffer, self._restore
            self.reset()
            code = normalise_code(text)
            if fast and len(code) >= self.min_length and CODE_RE.match(code):
                if restore is not None:
                    restore()
                # After this key press is over: opening the dossier changes the page.
                QTimer.singleShot(0, lambda: self.scanned.emit(code))
                return True
            return False
        typed = event.text()
        if typed and typed.isprintable() and modifiers == Qt.KeyboardModifier.NoModifier:
            if not fast or self._restore is None:
                self._buffer = ""
                self._restore = restore_point(target)
            self._buffer += typed
            return False
        self.reset()
        return False
