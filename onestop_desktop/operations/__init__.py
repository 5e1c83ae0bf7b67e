"""The operations a clerk performs, one module each, called by both the window and the command
line: `desk` (opening, settings, calendar), `receiving`, `lifecycle` (moves and the apology),
`board` (the daily board and search), `export` (sync files and acknowledgements) and `forms`.

Import from here: `from onestop_desktop.operations import Desk, ReceiveRequest`.
"""

from onestop_desktop.operations.base import UnknownDossier
from onestop_desktop.operations.board import (
    BOARD_SECTIONS,
    Board,
    BoardRow,
    BoardSection,
    MonthFigures,
)
from onestop_desktop.operations.desk import Desk, NotInitialised, default_db_path
from onestop_desktop.operations.forms import FORMS
from onestop_desktop.operations.office import calendar_for
from onestop_desktop.operations.receiving import ReceiveRequest

__all__ = [
    "BOARD_SECTIONS",
    "FORMS",
    "Board",
    "BoardRow",
    "BoardSection",
    "Desk",
    "MonthFigures",
    "NotInitialised",
    "ReceiveRequest",
    "UnknownDossier",
    "calendar_for",
    "default_db_path",
]
