"""How the windows word recorded values: times, statuses, how late a dossier is and upstream's
reasons for a rejection.

Shared by the board, the dossier page, the actions and the export dialog, so each value reads the
same wherever it is shown.
"""

from __future__ import annotations

from datetime import datetime

from onestop_desktop.domain.status import Status
from onestop_desktop.sync.reasons import Rejection, read_reason
from onestop_desktop.ui import i18n


def status_text(status: Status) -> str:
    """A status's name in the interface language."""
    return status.label_vi if i18n.current_language() == "vi" else status.label_en


def format_time(moment: datetime | None) -> str:
    """A time as the tables show it: 25/11/2026 09:00."""
    return "" if moment is None else f"{moment:%d/%m/%Y %H:%M}"


def rejection_text(reason: str) -> str:
    """Upstream's reason for rejecting a dossier, in the interface language: the reasons the
    upstream side writes (sync/reasons.py) are translated; any other text is shown as it came."""
    read = read_reason(reason)
    if read is None:
        return reason
    if read.kind is Rejection.OTHER_AGENCY:
        return i18n.translate(
            "SyncState",
            "the dossier code belongs to agency {code_agency}, not to this desk's agency "
            "{file_agency}",
        ).format(code_agency=read.code_agency, file_agency=read.file_agency)
    if read.kind is Rejection.HELD_BY_OTHER_DESK:
        return i18n.translate(
            "SyncState", "desk {desk_id} registered this dossier code first"
        ).format(desk_id=read.desk_id)
    if read.kind is Rejection.OTHER_STATION:
        if read.code_station is None:
            return i18n.translate(
                "SyncState",
                "the dossier code's number is in no desk's number block; this desk is station "
                "{file_station}",
            ).format(file_station=read.file_station)
        return i18n.translate(
            "SyncState",
            "the dossier code's number belongs to station {code_station}, not to this desk "
            "(station {file_station})",
        ).format(code_station=read.code_station, file_station=read.file_station)
    return i18n.translate(
        "SyncState",
        "the dossier holds a character that cannot be stored (NUL, or broken Unicode text); "
        "correct the dossier and export again",
    )


def late_text(days: int) -> str:
    """How late a dossier is, in words: the same on the board and the dossier's page."""
    if days == 0:
        return i18n.translate("BoardTable", "Past its due time today")
    return i18n.translate("BoardTable", "Overdue by {count} working day(s)").format(
        count=i18n.number(days)
    )
