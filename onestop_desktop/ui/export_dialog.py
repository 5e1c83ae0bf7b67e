"""The clerk's end of day: export the day's changes for upstream, take in upstream's
acknowledgement, be reminded on closing, and read a dossier's sync state.

The export itself is `Desk.export` (written under a temporary name, read back, verified, renamed,
then recorded; a failure records nothing). It runs on a worker thread with its own short-lived
desk on the same database file, since the desk's SQLite connection belongs to the UI thread; the
worker reports progress through a queued signal and never touches a widget.

The folder and file dialogs, the question asked on closing and the result boxes are
`ExportHooks`, which tests replace. There is no setting for the export folder: the last export's
folder (a USB stick, when it is plugged in again) is offered, else the desk's outbox, the folder
the command line's `export` writes to.

"Sao lưu cơ sở dữ liệu lên cùng USB" (remembered in the settings; checked at first when a backup
passphrase is set): after the export is written and verified, the desk is backed up into
`onestop-backups` in the same folder, on the desk's worker, the signing key sealed to the
administrator's backup key (or left out when none is set). A failed backup is reported as such
and never undoes the export.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from onestop_desktop.domain.dossier import InvalidInput
from onestop_desktop.domain.errors import KnownError
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import Desk
from onestop_desktop.operations.backup import STICK_FOLDER, BackupResult
from onestop_desktop.sync.export import (
    ExportBusy,
    ExportError,
    ExportResult,
    ExportUnsettled,
    RecordRefused,
)
from onestop_desktop.ui import i18n
from onestop_desktop.ui.background import DeskOp
from onestop_desktop.ui.dialogs import ERROR_STYLE, WorkDialog, known_error_message, show_error
from onestop_desktop.ui.qt import (
    QCheckBox,
    QCloseEvent,
    QEvent,
    QFileDialog,
    QFont,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QObject,
    QProgressBar,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from onestop_desktop.ui.sizing import fit_to_screen
from onestop_desktop.ui.texts import rejection_text

if TYPE_CHECKING:
    from onestop_desktop.store.sync import ExportRecord

log = logging.getLogger("onestop_desktop.ui.export")

# what the clerk answers when closing with changes from earlier days not exported
EXPORT_NOW, CLOSE_ANYWAY, CANCEL = "export", "close", "cancel"
# how many standing rejections the dialog lists
REJECTED_SHOWN = 200


# -- texts ---------------------------------------------------------------------------------------
def sync_state_text(state: dict[str, Any]) -> str:
    """A dossier's sync state (`Desk.sync_state`) as the clerk reads it."""
    kind = state.get("state")
    if kind == "not_exported":
        return i18n.translate("SyncState", "Not exported yet")
    if kind == "exported":
        seq = state.get("export_seq")
        if seq is None:
            return i18n.translate("SyncState", "Exported")
        return i18n.translate("SyncState", "Exported (export {number})").format(number=seq)
    if kind == "acknowledged":
        return i18n.translate("SyncState", "Received by upstream")
    if kind == "rejected":
        reason = str(state.get("reason") or "").strip()
        if not reason:
            return i18n.translate("SyncState", "Rejected by upstream")
        return i18n.translate("SyncState", "Rejected by upstream: {reason}").format(
            reason=rejection_text(reason)
        )
    return i18n.translate("SyncState", "Unknown")


def status_name(status: int) -> str:
    """A national status code's name in the interface language."""
    try:
        value = Status(status)
    except ValueError:
        return str(status)
    return value.label_vi if i18n.current_language() == "vi" else value.label_en


def short_sha256(digest: str) -> str:
    """The first 16 hex digits of a SHA-256 in groups of four, enough to compare by eye."""
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def outbox_dir(desk: Desk) -> Path:
    """The desk's own outbox folder (where `export` writes by default): the folder chosen at
    set-up, else beside its database."""
    return desk.outbox_dir()


def default_folder(desk: Desk) -> Path:
    """The last export's folder when it is there (the USB stick plugged in), else the outbox."""
    exports = desk.exports()
    if exports:
        last = Path(exports[-1].folder)
        if last.is_dir():
            return last
    return outbox_dir(desk)


def export_failure_text(error: BaseException, folder: Path) -> str | None:
    """What the clerk reads when an export failed for a known reason; None for a bug."""
    if isinstance(error, RecordRefused | ExportBusy | ExportUnsettled):
        # A dossier to correct, another export running, or an earlier interrupted export this
        # PC's own copy of cannot be read: the stick is not at fault.
        return known_error_message(error)
    if not isinstance(error, ExportError | OSError):
        return None
    # ExportError says in English what went wrong; the OSError behind it says why.
    cause = error if isinstance(error, OSError) else (error.__cause__ or error.__context__)
    where = folder
    if isinstance(cause, OSError):
        if cause.filename and not Path(str(cause.filename)).is_relative_to(folder):
            where = Path(str(cause.filename)).parent  # the desk's own archive, on this computer
        code = cause.errno
        if code == errno.ENOSPC:
            reason = i18n.translate("ExportDialog", "the disk or USB stick is full")
            advice = i18n.translate(
                "ExportDialog", "Delete some files from it or use another USB stick."
            )
        elif code in (errno.EROFS, errno.EACCES, errno.EPERM):
            reason = i18n.translate(
                "ExportDialog", "it is read-only or you have no permission to write there"
            )
            advice = i18n.translate(
                "ExportDialog", "Slide the USB stick's lock switch off, or choose another folder."
            )
        elif code in (errno.ENOTDIR, errno.EEXIST):
            reason = i18n.translate("ExportDialog", "it is not a folder (a file has that name)")
            advice = i18n.translate("ExportDialog", "Choose another folder.")
        elif code in (errno.ENOENT, errno.ENODEV, errno.EIO, errno.ENXIO):
            reason = i18n.translate(
                "ExportDialog", "the folder is gone (was the USB stick pulled out?)"
            )
            advice = i18n.translate(
                "ExportDialog", "Plug the USB stick in again and choose the folder again."
            )
        else:
            reason = cause.strerror or str(cause)
            advice = i18n.translate(
                "ExportDialog", "Check the USB stick, or choose another folder."
            )
    else:
        reason = i18n.translate(
            "ExportDialog", "the file read back from it differs from what was written"
        )
        advice = i18n.translate("ExportDialog", "The USB stick may be faulty: try another one.")
    return "\n".join(
        (
            i18n.translate(
                "ExportDialog", "The export was NOT written to {folder}: {reason}."
            ).format(folder=where, reason=reason),
            advice,
            i18n.translate(
                "ExportDialog",
                "Nothing was recorded and the desk's data is unchanged: you can simply try again.",
            ),
        )
    )


# -- the dialogs the flow opens, replaceable in tests --------------------------------------------
def ask_folder(parent: QWidget | None, start: Path) -> Path | None:
    """Let the clerk choose the destination folder (a USB stick); None when cancelled."""
    name = QFileDialog.getExistingDirectory(
        parent, i18n.translate("EndOfDay", "Choose the folder for the export file"), str(start)
    )
    return Path(name) if name else None


def ask_ack_file(parent: QWidget | None, start: Path) -> Path | None:
    """Let the clerk choose upstream's acknowledgement file; None when cancelled."""
    name, _filter = QFileDialog.getOpenFileName(
        parent,
        i18n.translate("EndOfDay", "Open upstream's acknowledgement file"),
        str(start),
        i18n.translate("EndOfDay", "Acknowledgement files (*.json);;All files (*)"),
    )
    return Path(name) if name else None


def ask_before_closing(parent: QWidget | None, count: int) -> str:
    """Changes from earlier days are not exported: export now, close anyway, or cancel?"""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(i18n.translate("EndOfDay", "Changes not exported yet"))
    box.setText(
        i18n.translate(
            "EndOfDay",
            "{count} dossiers changed on earlier days have not been exported for upstream "
            "yet.\nExport them now?",
        ).format(count=i18n.number(count))
    )
    export = box.addButton(
        i18n.translate("EndOfDay", "&Export now"), QMessageBox.ButtonRole.AcceptRole
    )
    close = box.addButton(
        i18n.translate("EndOfDay", "Close &anyway"), QMessageBox.ButtonRole.DestructiveRole
    )
    cancel = box.addButton(i18n.translate("EndOfDay", "Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(export)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is export:
        return EXPORT_NOW
    if clicked is close:
        return CLOSE_ANYWAY
    return CANCEL


def show_information(parent: QWidget | None, title: str, text: str) -> None:
    """A modal information message."""
    QMessageBox.information(parent, title, text)


@dataclass
class ExportHooks:
    """What the end-of-day flow asks the clerk; tests replace these."""

    choose_folder: Callable[[QWidget | None, Path], Path | None] = ask_folder
    choose_ack_file: Callable[[QWidget | None, Path], Path | None] = ask_ack_file
    ask_close: Callable[[QWidget | None, int], str] = ask_before_closing
    inform: Callable[[QWidget | None, str, str], None] = show_information
    warn: Callable[[QWidget | None, str], None] = show_error


# -- the export dialog ---------------------------------------------------------------------------
class ExportDialog(WorkDialog):
    """ "Kết xuất cuối ngày": what the next export carries, where it goes, and its outcome."""

    # the export is over: the ExportResult, or None when nothing had changed
    exported = Signal(object)
    # the export failed: the message shown
    export_failed = Signal(str)
    # the clerk asked to see a dossier of the rejected list (its code)
    dossier_requested = Signal(str)
    # progress from the worker thread (stage, records done): queued to the UI thread
    progressed = Signal(str, int)
    # the backup onto the same stick after the export: the BackupResult / the message shown
    stick_backed_up = Signal(object)
    stick_backup_failed = Signal(str)

    def __init__(self, desk: Desk, hooks: ExportHooks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.desk = desk
        self.hooks = hooks
        self.running = False
        # what the export's outcome said, kept above the stick backup's outcome
        self.export_text = ""
        self.preview: dict[int, int] = {}
        self.rejections: list[dict[str, Any]] = []
        # what the pending box lists: (status name, count), for tests and screen readers
        self.status_rows: list[tuple[str, str]] = []
        self.last: ExportRecord | None = None
        # retranslate shows what `refresh` read last; it does not read the desk again
        self.shown = False

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.pending_box = QGroupBox()
        self.pending_grid = QGridLayout()
        self.pending_grid.setColumnStretch(0, 1)
        self.pending_grid.setHorizontalSpacing(24)
        # one row per national status, shown when the export carries dossiers in it
        self.status_labels: dict[int, tuple[QLabel, QLabel]] = {}
        for row, status in enumerate(Status):
            name_label, count_label = QLabel(), QLabel()
            count_label.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.pending_grid.addWidget(name_label, row, 0)
            self.pending_grid.addWidget(count_label, row, 1)
            self.status_labels[int(status)] = (name_label, count_label)
        self.total_label = QLabel()
        bold = QFont(self.total_label.font())
        bold.setBold(True)
        self.total_label.setFont(bold)
        pending = QVBoxLayout(self.pending_box)
        pending.addLayout(self.pending_grid)
        pending.addWidget(self.total_label)

        self.last_box = QGroupBox()
        self.last_label = QLabel()  # explicit lines: no word wrap, so its height is exact
        self.last_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        QVBoxLayout(self.last_box).addWidget(self.last_label)

        self.folder_box = QGroupBox()
        self.folder_edit = QLineEdit(str(default_folder(desk)))
        self.folder_button = QPushButton()
        self.folder_button.clicked.connect(self.choose_folder)
        self.folder_hint = QLabel()
        self.folder_hint.setWordWrap(True)
        self.backup_check = QCheckBox()
        remembered = desk.settings.stick_backup
        self.backup_check.setChecked(
            desk.backup_key is not None if remembered is None else remembered
        )
        self.backup_check.toggled.connect(self._remember_backup_choice)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.folder_button)
        folder = QVBoxLayout(self.folder_box)
        folder.addLayout(folder_row)
        folder.addWidget(self.folder_hint)
        folder.addWidget(self.backup_check)

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.progress_label = QLabel()
        self.progress_label.setVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setVisible(False)

        self.rejected_box = QGroupBox()
        self.rejected_hint = QLabel()
        self.rejected_hint.setWordWrap(True)
        self.rejected_list = QListWidget()
        self.rejected_list.setWordWrap(True)
        self.rejected_list.setAlternatingRowColors(True)
        self.rejected_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rejected_list.itemActivated.connect(self._open_rejected)
        rejected = QVBoxLayout(self.rejected_box)
        rejected.addWidget(self.rejected_hint)
        rejected.addWidget(self.rejected_list)

        self.export_button = QPushButton()
        self.close_button = QPushButton()
        self.export_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self.reject)
        self.export_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.pending_box)
        layout.addWidget(self.last_box)
        layout.addWidget(self.folder_box)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.message)
        layout.addWidget(self.rejected_box, 3)
        layout.addStretch(1)  # takes the spare height while no rejection is listed
        layout.addLayout(buttons)

        self.progressed.connect(self._on_progress)
        self.retranslate()
        self.refresh()
        fit_to_screen(self, 680, 600)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("End-of-day export"))
        self.intro.setText(
            self.tr(
                "Write the dossiers changed since the last export to a signed file for upstream "
                "(the provincial administrative-procedure system)."
            )
        )
        self.pending_box.setTitle(self.tr("This export will carry"))
        self.last_box.setTitle(self.tr("Last export"))
        self.folder_box.setTitle(self.tr("Destination folder"))
        self.folder_button.setText(self.tr("&Choose folder…"))
        self.folder_hint.setText(self.tr("Plug in the USB stick and choose a folder on it."))
        self.backup_check.setText(self.tr("Back up the database onto the same USB stick"))
        self.rejected_box.setTitle(self.tr("Dossiers rejected by upstream"))
        self.rejected_hint.setText(
            self.tr(
                "Double-click a dossier to open it and deal with the reason given; a dossier "
                "you correct is sent again with the next export."
            )
        )
        self.export_button.setText(self.tr("&Export"))
        self.close_button.setText(self.tr("Close"))
        if self.shown:
            self._show_all()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- what the desk says ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the pending changes, the last export and the standing rejections again."""
        self.preview = self.desk.export_preview()
        self.rejections = self.desk.rejected_dossiers(REJECTED_SHOWN)
        exports = self.desk.exports()
        self.last = exports[-1] if exports else None
        self._show_all()

    def _show_all(self) -> None:
        self.shown = True
        self._show_pending()
        self._show_last()
        self._show_rejected()

    def _show_pending(self) -> None:
        self.status_rows = []
        for status, (name_label, count_label) in self.status_labels.items():
            count = self.preview.get(status, 0)
            name_label.setText(status_name(status))
            count_label.setText(i18n.number(count))
            name_label.setVisible(count > 0)
            count_label.setVisible(count > 0)
            if count:
                self.status_rows.append((status_name(status), i18n.number(count)))
        total = sum(self.preview.values())
        # nothing to export: the button says so by being off (the label says why)
        self.export_button.setEnabled(total > 0 and not self.running)
        if total:
            self.total_label.setText(
                self.tr("Total dossiers: {count}").format(count=i18n.number(total))
            )
        else:
            self.total_label.setText(
                self.tr("No dossier has changed since the last export: nothing to export.")
            )

    def _show_last(self) -> None:
        last = self.last
        if last is None:
            self.last_label.setText(self.tr("Not exported before."))
            return
        self.last_label.setText(
            self.tr(
                "No. {number} – {moment} – {dossiers} dossiers, {steps} steps\n"
                "File: {file}\nFolder: {folder}"
            ).format(
                number=last.export_seq,
                moment=i18n.format_moment(datetime.fromisoformat(last.exported_at)),
                dossiers=i18n.number(last.dossiers),
                steps=i18n.number(last.steps),
                file=last.file_name,
                folder=last.folder,
            )
        )

    def _show_rejected(self) -> None:
        self.rejected_list.clear()
        for entry in self.rejections:
            state = {"state": "rejected", **entry}
            item = QListWidgetItem(
                f"{entry['code']} – {entry['applicant_name']}\n{sync_state_text(state)}"
            )
            item.setData(Qt.ItemDataRole.UserRole, entry["code"])
            item.setToolTip(str(entry["reason"]))
            self.rejected_list.addItem(item)
        self.rejected_box.setVisible(bool(self.rejections))

    def _open_rejected(self, item: QListWidgetItem) -> None:
        """Double-click or Enter on a rejected dossier: close, so the window can show it."""
        code = str(item.data(Qt.ItemDataRole.UserRole))
        if not self.busy():
            self.accept()
        self.dossier_requested.emit(code)

    def show_message(self, text: str, error: bool) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "color: #1b5e20;")
        self.message.setText(text)
        self.message.setVisible(True)

    # -- exporting ---------------------------------------------------------------------------------
    def choose_folder(self) -> None:
        start = Path(self.folder_edit.text().strip() or str(outbox_dir(self.desk)))
        chosen = self.hooks.choose_folder(self, start)
        if chosen is not None:
            self.folder_edit.setText(str(chosen))

    def start_export(self) -> bool:
        """Export into the chosen folder on a worker; False if no folder is chosen or busy."""
        if self.running:
            return False
        text = self.folder_edit.text().strip()
        if not text:
            self.show_message(self.tr("Choose the folder to write the file to."), error=True)
            return False
        out_dir = Path(text).expanduser()
        self.set_busy(True)
        emit = self.progressed.emit
        # A full USB stick or a read-only folder (OSError) is the clerk's to fix, not a bug.
        DeskOp(
            self,
            self.desk,
            lambda desk: desk.export(out_dir, emit),
            success=self._exported,
            failure=lambda error: self._failed(error, out_dir),
            handles=(KnownError, OSError),
        )
        return True

    def set_busy(self, busy: bool) -> None:
        self.running = busy
        for widget in (self.close_button, self.folder_button):
            widget.setEnabled(not busy)
        self.export_button.setEnabled(not busy and sum(self.preview.values()) > 0)
        self.backup_check.setEnabled(not busy)
        self.folder_edit.setReadOnly(busy)
        self.progress.setVisible(busy)
        self.progress_label.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)  # until the first figures arrive
            self.progress_label.setText(self.tr("Reading the changed dossiers…"))
            self.show_message(self.tr("Exporting… do not remove the USB stick."), error=False)

    def _on_progress(self, stage: str, done: int) -> None:
        total = sum(self.preview.values())
        if stage == "dossiers" and total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
            self.progress_label.setText(
                self.tr("Dossiers: {done} of {total}").format(
                    done=i18n.number(done), total=i18n.number(total)
                )
            )
        elif stage == "steps":
            self.progress.setRange(0, 0)
            self.progress_label.setText(self.tr("Steps: {done}…").format(done=i18n.number(done)))
        elif stage == "done":
            self.progress.setRange(0, 1)
            self.progress.setValue(1)

    def _remember_backup_choice(self, checked: bool) -> None:
        """The clerk's choice stays for the next end of day (a settings row, as the language)."""
        if self.desk.settings.stick_backup == checked:
            return
        try:
            self.desk.update_settings(stick_backup=checked)
        except Exception as error:  # a locked or read-only database: the box still applies now
            if known_error_message(error) is None:
                raise
            log.warning("could not remember the stick backup choice: %s", error)

    def _exported(self, result: ExportResult | None) -> None:
        self.set_busy(False)
        self.refresh()
        if result is None:
            self.export_text = self.tr(
                "Nothing changed since the last export: no new file was written."
            )
        else:
            record = result.record
            log.info("export %s written to %s", record.export_seq, result.path)
            self.export_text = self.tr(
                "Export No. {number} written and verified:\n{path}\n{dossiers} dossiers, "
                "{steps} steps · SHA-256 {sha}\nSafely remove the USB stick and take the "
                "file to upstream."
            ).format(
                number=record.export_seq,
                path=result.path,
                dossiers=i18n.number(record.dossiers),
                steps=i18n.number(record.steps),
                sha=short_sha256(record.file_sha256),
            )
        self.show_message(self.export_text, error=False)
        self.exported.emit(result)
        if self.backup_check.isChecked():
            self._backup_to_stick(Path(self.folder_edit.text().strip()).expanduser())

    def _backup_to_stick(self, out_dir: Path) -> None:
        """After a verified export: back the desk up into the same folder's backup folder."""
        folder = out_dir / STICK_FOLDER
        self.set_busy(True)
        self.progress_label.setText(self.tr("Backing up the database onto the USB stick…"))
        # First, above the export's "safely remove the stick", which holds once this is over.
        self.show_message(
            self.tr("Backing up… do not remove the USB stick.") + "\n\n" + self.export_text,
            error=False,
        )
        DeskOp(
            self,
            self.desk,
            lambda desk: desk.backup(folder, kind="end-of-day"),
            success=self._stick_backed_up,
            failure=lambda error: self._stick_backup_failed(error, folder),
            handles=(KnownError, OSError),
        )

    def _stick_backed_up(self, result: BackupResult) -> None:
        self.set_busy(False)
        b = result.backup
        text = self.tr(
            "Database backed up onto the USB stick and checked ({check}): {dossiers} dossiers, "
            "{steps} steps\n{path}"
        ).format(
            check=b.checked,
            dossiers=i18n.number(b.dossiers),
            steps=i18n.number(b.steps),
            path=b.path,
        )
        if b.has_key:
            text += "\n" + self.tr("The signing key is in it, locked with the backup passphrase.")
        else:
            text += "\n" + self.tr(
                "No backup passphrase is set, so the signing key was left out (the administrator "
                "sets one in Settings → Backup and restore)."
            )
        self.show_message(self.export_text + "\n\n" + text, error=False)
        self.stick_backed_up.emit(result)

    def _stick_backup_failed(self, error: BaseException, folder: Path) -> None:
        self.set_busy(False)
        cause = known_error_message(error)
        if cause is None and isinstance(error, OSError):
            cause = error.strerror or str(error)
        text = self.tr(
            "The backup onto the USB stick FAILED ({folder}): {reason}\nThe export above was "
            "written and verified all the same; back up again from Settings → Backup and restore."
        ).format(folder=folder, reason=cause or str(error))
        log.warning("backup into %s after the export failed: %s", folder, error)
        self.show_message(self.export_text + "\n\n" + text, error=True)
        self.stick_backup_failed.emit(text)

    def _failed(self, error: BaseException, out_dir: Path) -> None:
        self.set_busy(False)
        text = export_failure_text(error, out_dir) or known_error_message(error)
        if text is None:  # a bug, which DeskOp has reported
            self.message.setVisible(False)
            text = str(error)
        else:
            log.warning("export into %s failed: %s", out_dir, error)
            self.show_message(text, error=True)
        self.refresh()
        self.export_failed.emit(text)

    # -- closing -----------------------------------------------------------------------------------
    def busy(self) -> bool:
        """An export is being written: the dialog stays open until it is over."""
        return self.running


# -- the flow the main window calls --------------------------------------------------------------
class EndOfDay(QObject):
    """The main window's end of day: the export dialog, the acknowledgement, the close reminder."""

    # the export dialog is open (tests drive it from here)
    dialog_opened = Signal(object)
    # an acknowledgement was imported: the counts `Desk.import_ack` returned
    acknowledged = Signal(object)
    # an acknowledgement was refused (or taking it in failed): the message shown
    ack_refused = Signal(str)
    # the clerk asked to see a dossier (from the rejected list): its code
    dossier_requested = Signal(str)
    # an export was written (the ExportResult, or None when nothing had changed): what shows
    # each dossier's sync state draws it again
    exported = Signal(object)

    def __init__(self, desk: Desk, window: QWidget, hooks: ExportHooks | None = None) -> None:
        super().__init__(window)
        self.desk = desk
        self.window = window
        self.hooks = hooks or ExportHooks()
        self.dialog: ExportDialog | None = None
        self.quitting = False

    def open_dialog(self) -> ExportDialog:
        """Open the export dialog (or bring the open one forward)."""
        if self.dialog is not None:
            self.dialog.refresh()
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        dialog = ExportDialog(self.desk, self.hooks, self.window)
        dialog.dossier_requested.connect(self.dossier_requested)
        dialog.exported.connect(self.exported)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    def _dialog_closed(self, dialog: ExportDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def import_ack(self) -> bool:
        """Ask for upstream's acknowledgement file and take it in off the UI thread; False when
        no file was chosen. `acknowledged` follows, or `ack_refused` with the reason shown."""
        path = self.hooks.choose_ack_file(self.window, default_folder(self.desk))
        if path is None:
            return False
        DeskOp(
            self.window,
            self.desk,
            lambda desk: desk.import_ack(path),
            success=lambda result: self._acknowledged(path, result),
            failure=self._ack_refused,
        )
        return True

    def _ack_refused(self, error: BaseException) -> None:
        """Say why the file was refused; a bug has already been reported by DeskOp."""
        text: str | None
        if isinstance(error, InvalidInput):
            problem = "\n".join(i18n.error_text(e) for e in error.errors)
            text = self.tr(
                "{problem}\nChoose the acknowledgement file upstream sent for desk {desk}."
            ).format(problem=problem, desk=self.desk.settings.desk_id)
        else:
            text = known_error_message(error)
        if text is not None:
            self.hooks.warn(self.window, text)
        self.ack_refused.emit(text or str(error))

    def _acknowledged(self, path: Path, result: dict[str, int]) -> None:
        log.info("acknowledgement %s imported: %s", path, result)
        if result.get("already_imported"):
            text = self.tr("This acknowledgement was imported before: nothing changed.")
        else:
            text = self.tr(
                "Imported upstream's acknowledgement: {accepted} dossiers received, "
                "{rejected} rejected."
            ).format(accepted=result["accepted"], rejected=result["rejected"])
            if result["rejected"]:
                text += "\n" + self.tr(
                    "The rejected dossiers are listed in End-of-day export (Ctrl+E): see why "
                    "and deal with them."
                )
        if self.dialog is not None:
            self.dialog.refresh()
        self.hooks.inform(self.window, self.tr("Upstream's acknowledgement"), text)
        self.acknowledged.emit(result)

    def quit(self) -> None:
        """The clerk's "Exit": close the window, with the reminder."""
        self.quitting = True
        try:
            self.window.close()
        finally:
            self.quitting = False

    def may_close(self, event: QCloseEvent) -> bool:
        """Whether the window may close now; asks first if earlier days are not exported.

        Only the clerk's own closing asks (the window's close button, which Qt reports as a
        spontaneous event, or "Exit"); closing from code does not wait for an answer.
        """
        if self.dialog is not None and self.dialog.busy():
            self.hooks.inform(
                self.window,
                self.tr("End-of-day export"),
                self.tr("An export is being written: wait until it is finished."),
            )
            return False
        if not (event.spontaneous() or self.quitting):
            return True
        try:
            count = self.desk.unexported_from_earlier_days()
        except Exception:  # a locked or damaged database must not keep the window open
            log.exception("could not count the changes not exported")
            return True
        if count == 0:
            return True
        choice = self.hooks.ask_close(self.window, count)
        if choice == CLOSE_ANYWAY:
            log.info("closed with %s dossiers from earlier days not exported", count)
            return True
        if choice == EXPORT_NOW:
            self.open_dialog()
        return False
