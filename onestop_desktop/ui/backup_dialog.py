"""Cài đặt → "Sao lưu và phục hồi": the desk's backups with what each holds and its check,
"Sao lưu ngay", "Sao lưu ra USB…", "Phục hồi…" and "Đặt mật khẩu sao lưu…", all work off the UI
thread (`DeskOp`, and `ThreadOp` for deriving the backup key, which needs no desk).

The administrator's backup passphrase is typed twice, turned into a public key off the UI thread
(scrypt takes a moment) and only that public key is stored: backups off the PC then hold the
signing key sealed to it, with no passphrase typed by the clerk.

A restore first verifies the chosen file and shows what it holds (date, dossiers, last export,
check) before anything is replaced; the replaced database and key are kept aside, never deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from onestop_desktop.domain.clock import parse_time
from onestop_desktop.operations import Desk
from onestop_desktop.operations.backup import (
    MIN_PASSPHRASE,
    BackupInfo,
    BackupKey,
    BackupResult,
    PassphraseTooShort,
    RestoreResult,
    derive_backup_key,
    read_backup,
)
from onestop_desktop.ui import i18n
from onestop_desktop.ui.background import DeskOp, ThreadOp
from onestop_desktop.ui.dialogs import ERROR_STYLE, WorkDialog, known_error_message, show_error
from onestop_desktop.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from onestop_desktop.ui.sizing import fit_to_screen
from onestop_desktop.ui.texts import format_time


def _ask_file(parent: QWidget, folder: Path) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent,
        i18n.translate("BackupDialog", "Choose a backup to restore"),
        str(folder),
        i18n.translate("BackupDialog", "OneStop backups (*.backup.sqlite3)"),
    )
    return Path(name) if name else None


def _confirm(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.question(parent, i18n.translate("BackupDialog", "Restore a backup"), text)
    return answer == QMessageBox.StandardButton.Yes


def _ask_folder(parent: QWidget) -> Path | None:
    name = QFileDialog.getExistingDirectory(
        parent, i18n.translate("BackupDialog", "Choose the USB stick (or folder) to back up to")
    )
    return Path(name) if name else None


class NewPassphraseDialog(QDialog):
    """The administrator's backup passphrase, typed twice; OK only when both agree and it is
    long enough (the rule and its message are `operations.backup`'s)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newPassphraseDialog")
        self.setWindowTitle(self.tr("Set the backup passphrase"))
        self.intro = QLabel(
            self.tr(
                "Backups written to a USB stick will hold the signing key locked with this "
                "passphrase; the desk keeps only a public key made from it. Keep the passphrase "
                "safe (not on this PC): it is needed to restore such a backup."
            )
        )
        self.intro.setWordWrap(True)
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(ERROR_STYLE)
        form = QFormLayout()
        form.addRow(self.tr("Passphrase:"), self.first)
        form.addRow(self.tr("Type it again:"), self.second)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        text = self.first.text()
        if len(text) < MIN_PASSPHRASE:
            self.problem.setText(PassphraseTooShort().text(i18n.current_language()))
            return
        if text != self.second.text():
            self.problem.setText(self.tr("The two passphrases differ: type the same one twice."))
            return
        super().accept()


def _ask_new_passphrase(parent: QWidget) -> str | None:
    dialog = NewPassphraseDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.first.text()


def _ask_passphrase(parent: QWidget) -> str | None:
    text, accepted = QInputDialog.getText(
        parent,
        i18n.translate("BackupDialog", "Backup passphrase"),
        i18n.translate("BackupDialog", "The backup's signing key is encrypted. Passphrase:"),
        QLineEdit.EchoMode.Password,
    )
    return text if accepted and text else None


@dataclass
class BackupHooks:
    """What the dialog asks the clerk (tests answer for the clerk)."""

    ask_file: Callable[[QWidget, Path], Path | None] = _ask_file
    confirm: Callable[[QWidget, str], bool] = _confirm
    ask_passphrase: Callable[[QWidget], str | None] = _ask_passphrase
    ask_folder: Callable[[QWidget], Path | None] = _ask_folder
    ask_new_passphrase: Callable[[QWidget], str | None] = _ask_new_passphrase
    show_error: Callable[[QWidget, str], None] = field(default=show_error)


def backup_line(b: BackupInfo) -> str:
    """One backup as the list shows it: date, kind, dossiers, last export, check, key."""
    kinds = {
        "daily": i18n.translate("BackupDialog", "daily"),
        "manual": i18n.translate("BackupDialog", "on demand"),
        "pre-migration": i18n.translate("BackupDialog", "before an upgrade"),
        "end-of-day": i18n.translate("BackupDialog", "end of day, with the export"),
    }
    check = (
        i18n.translate("BackupDialog", "checked OK")
        if b.checked == "ok"
        else i18n.translate("BackupDialog", "FAILED its check: {problem}").format(problem=b.checked)
    )
    export = (
        i18n.translate("BackupDialog", "last export no. {export}").format(export=b.last_export_seq)
        if b.last_export_seq
        else i18n.translate("BackupDialog", "nothing exported yet")
    )
    return i18n.translate(
        "BackupDialog", "{date} · {kind} · {dossiers} dossiers · {export} · {check}"
    ).format(
        date=b.created_at[:16].replace("T", " "),
        kind=kinds.get(b.kind, b.kind),
        dossiers=i18n.number(b.dossiers),
        export=export,
        check=check,
    )


class BackupDialog(WorkDialog):
    """ "Sao lưu và phục hồi": list, back up now, restore."""

    # a backup was written (BackupResult) / a restore replaced the database (RestoreResult)
    backed_up = Signal(object)
    # the backup passphrase was set: the BackupKey stored
    passphrase_set = Signal(object)
    restored = Signal(object)
    # the list was read again
    listed = Signal()
    # an operation failed: the message shown
    failed = Signal(str)

    def __init__(
        self, desk: Desk, parent: QWidget | None = None, hooks: BackupHooks | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("backupDialog")
        self.desk = desk
        self.hooks = hooks or BackupHooks()
        self.running = False
        self.backups: list[BackupInfo] = []
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.list = QListWidget()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.backup_button = QPushButton()
        self.backup_button.clicked.connect(lambda: self.backup_now())
        self.stick_button = QPushButton()
        self.stick_button.clicked.connect(self.backup_to_stick)
        self.restore_button = QPushButton()
        self.restore_button.clicked.connect(self.restore)
        self.passphrase_button = QPushButton()
        self.passphrase_button.clicked.connect(self.set_passphrase)
        self.key_state = QLabel()
        self.key_state.setWordWrap(True)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.stick_button)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.passphrase_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.key_state)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.retranslate()
        fit_to_screen(self, 760, 420)
        self.refresh()

    def busy(self) -> bool:
        return self.running

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Backup and restore"))
        self.intro.setText(
            self.tr(
                "Backups of this desk in {folder}. One is made at the first start of each day."
            ).format(folder=self.desk.backup_dir)
        )
        self.backup_button.setText(self.tr("&Back up now"))
        self.stick_button.setText(self.tr("Back up to a &USB stick…"))
        self.restore_button.setText(self.tr("&Restore…"))
        self.passphrase_button.setText(self.tr("Set the backup &passphrase…"))
        self.close_button.setText(self.tr("Close"))
        self._show_key_state()

    def _show_key_state(self) -> None:
        key = self.desk.backup_key
        if key is None:
            self.key_state.setText(
                self.tr(
                    "No backup passphrase is set: a backup on a USB stick leaves the signing "
                    "key out (a desk restored from it needs a new key registered upstream)."
                )
            )
        else:
            self.key_state.setText(
                self.tr(
                    "A backup passphrase is set (key {fingerprint}): a backup on a USB stick "
                    "holds the signing key locked with it."
                ).format(fingerprint=key.fingerprint)
            )

    def _set_running(self, running: bool) -> None:
        self.running = running
        buttons = (
            self.backup_button,
            self.stick_button,
            self.restore_button,
            self.passphrase_button,
            self.close_button,
        )
        for button in buttons:
            button.setEnabled(not running)

    def refresh(self) -> None:
        """Read the list of backups again (off the UI thread: it reads the backup folder)."""

        def shown(found: list[BackupInfo]) -> None:
            self.backups = found
            self.list.clear()
            for b in found:
                self.list.addItem(backup_line(b))
            if not found:
                self.list.addItem(self.tr("No backup yet."))
            self.listed.emit()

        DeskOp(self, self.desk, lambda d: d.backups(), success=shown)

    def _fail(self, error: BaseException) -> None:
        self._set_running(False)
        message = known_error_message(error) or str(error)
        self.message.setText(message)
        self.failed.emit(message)
        if known_error_message(error) is not None:
            self.hooks.show_error(self, message)

    def set_passphrase(self) -> None:
        """ "Đặt mật khẩu sao lưu…": ask it twice, derive the backup key off the UI thread,
        store its public half."""
        passphrase = self.hooks.ask_new_passphrase(self)
        if passphrase is None:
            return
        self._set_running(True)
        self.message.setText(self.tr("Making the backup key from the passphrase…"))

        def derived(key: BackupKey) -> None:
            try:
                self.desk.set_backup_key(key)
            except Exception as error:  # a locked or read-only database: say so
                if known_error_message(error) is None:
                    raise
                self._fail(error)
                return
            self._set_running(False)
            self._show_key_state()
            self.message.setText(
                self.tr(
                    "Backup passphrase set. Backups on a USB stick now hold the signing key "
                    "locked with it; only a public key was stored on this PC."
                )
            )
            self.passphrase_set.emit(key)

        ThreadOp(
            self,
            lambda: derive_backup_key(passphrase),
            success=derived,
            failure=self._fail,
            name="backup key",
        )

    def backup_to_stick(self) -> None:
        """A backup on a USB stick (off the PC): the key sealed to the backup key, or left out."""
        folder = self.hooks.ask_folder(self)
        if folder is None:
            return
        self.backup_now(folder)

    def backup_now(self, folder: Path | None = None) -> None:
        """ "Sao lưu ngay": check the database, back it up, check the copy, show the check."""
        self._set_running(True)
        self.message.setText(self.tr("Checking the database and backing it up…"))

        def done(result: BackupResult) -> None:
            self._set_running(False)
            b = result.backup
            text = self.tr(
                "Backed up: {dossiers} dossiers, {steps} steps; copy checked: {check}."
            ).format(dossiers=i18n.number(b.dossiers), steps=i18n.number(b.steps), check=b.checked)
            if folder is not None:
                text += "\n" + (
                    self.tr(
                        "Written to {path}; the signing key is in it, locked with the backup "
                        "passphrase."
                    )
                    if b.has_key
                    else self.tr(
                        "Written to {path}; no backup passphrase is set, so the signing key "
                        "was left out."
                    )
                ).format(path=b.path)
            self.message.setText(text)
            self.backed_up.emit(result)
            self.refresh()

        DeskOp(
            self,
            self.desk,
            lambda d: d.backup(folder),
            success=done,
            failure=self._fail,
        )

    def restore(self) -> None:
        """ "Phục hồi…": choose a file, verify it and show what it holds, then replace."""
        path = self.hooks.ask_file(self, self.desk.backup_dir)
        if path is None:
            return
        self._set_running(True)
        self.message.setText(self.tr("Verifying the backup…"))
        DeskOp(
            self,
            self.desk,
            lambda _d: read_backup(path, verify=True),
            success=lambda info: self._verified(path, info),
            failure=self._fail,
        )

    def _verified(self, path: Path, info: BackupInfo) -> None:
        if info.checked != "ok":
            self._set_running(False)
            message = self.tr("This backup failed its check ({problem}); choose another.").format(
                problem=info.checked
            )
            self.message.setText(message)
            self.failed.emit(message)
            self.hooks.show_error(self, message)
            return
        question = self.tr(
            "Replace the desk's database with this backup?\n\n{line}\n\nThe current database "
            "and key are kept aside beside it (not deleted): the administrator can put them back."
        ).format(line=backup_line(info))
        if not self.hooks.confirm(self, question):
            self._set_running(False)
            self.message.setText("")
            return
        passphrase = self.hooks.ask_passphrase(self) if info.key_encrypted else None
        # The window's own connection must not stay open on a file renamed aside under it.
        self.desk.db.close()

        def done(result: RestoreResult) -> None:
            self.desk.reopen()
            self._set_running(False)
            text = self.tr("Restored: {line}. The replaced files were kept aside: {aside}").format(
                line=backup_line(result.restored),
                aside=", ".join(p.name for p in result.kept_aside),
            )
            if result.new_key_made:
                text += "\n" + self.tr(
                    "The backup held no signing key: a new key was made; register it with "
                    "the upstream server before the next export."
                )
            replay = result.replay
            if replay is None:
                text += "\n" + self.tr(
                    "No export files were found beside the database, so nothing was replayed: "
                    "dossiers exported after the backup are missing until their files are "
                    "replayed."
                )
            else:
                since = parse_time(replay.missing_since) if replay.missing_since else None
                text += "\n" + self.tr(
                    "Replayed {count} export(s) written since the backup ({dossiers} dossiers); "
                    "the next export is number {next}. Dossiers received after {since} and "
                    "never exported may be missing."
                ).format(
                    count=len(replay.exports_replayed),
                    dossiers=i18n.number(replay.dossiers),
                    next=replay.last_export_seq + 1,
                    since=format_time(since),
                )
                for skipped in replay.skipped:
                    text += "\n" + self.tr("Not replayed: {file}: {reason}").format(
                        file=skipped.path.name,
                        reason=skipped.reason_vi
                        if i18n.current_language() == "vi"
                        else skipped.reason,
                    )
            self.message.setText(text)
            self.restored.emit(result)
            self.refresh()

        def failed(error: BaseException) -> None:
            self.desk.reopen()  # nothing was replaced: the same file again
            self._fail(error)

        DeskOp(
            self,
            self.desk,
            lambda d: d.restore(path, passphrase),
            success=done,
            failure=failed,
        )
