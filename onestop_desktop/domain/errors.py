"""One taxonomy of errors: a known failure a person can act on, and everything else is a bug.

A *known* error (qutebrowser's split) is bad input, a full disk, a locked, read-only or damaged
database, a refused file, a dossier that does not exist. It derives from `KnownError` and carries
its text in Vietnamese and in English; neither names a command-line flag, since the window shows
them too (the command line adds its own `cli_hint`). Whatever else is raised is a bug: the window
and the command line log it with its traceback and say where the log is. No caller reads an
error's text back to decide anything: it looks at the class and its fields.
"""

from __future__ import annotations

#: the command line's exit statuses (DESIGN.md): success, a failure, input to correct
EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


class KnownError(Exception):
    """A failure a clerk or an administrator can act on, with what to do, in both languages."""

    #: the command line's exit status for it: 2 for input the person can correct, else 1
    exit_status = EXIT_FAILURE

    def __init__(self, vi: str, en: str, *, cli_hint: str | None = None) -> None:
        super().__init__(en)
        self.message_vi = vi
        self.message_en = en
        #: a command-line-only addition, such as the flag that overrides a refusal
        self.cli_hint = cli_hint

    def text(self, language: str) -> str:
        """The message in the interface's language ("vi" or "en")."""
        return self.message_vi if language == "vi" else self.message_en

    def cli_text(self) -> str:
        """What the command line prints: the English text and its own hint."""
        return f"{self.message_en} ({self.cli_hint})" if self.cli_hint else self.message_en


class InputError(KnownError):
    """Input a person typed or passed that is wrong: exit status 2, nothing was saved."""

    exit_status = EXIT_BAD_INPUT


class DataFileError(KnownError, ValueError):
    """A data file that an administrator maintains or the installation ships (the procedure
    catalogue, the calendar's overrides and office hours, the form texts) cannot be used. The
    detail (file, entry, field and what is expected) is written for the administrator who mends
    the file, in English; the Vietnamese text says which file and what to do."""

    #: which file, in Vietnamese, for the clerk who reports it
    what_vi = "tệp dữ liệu"

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"Không dùng được {self.what_vi}: {detail}. Hãy báo quản trị sửa tệp hoặc cài lại "
            "chương trình.",
            detail,
        )
