"""Upstream's acknowledgement of a sync file: which dossiers it accepted or rejected, and why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from onestop_desktop.domain.dossier import FieldError, InvalidInput
from onestop_desktop.sync.format import ACK_FORMAT
from onestop_desktop.sync.schemas import check_ack


def load_ack(path: Path) -> dict[str, Any]:
    """Read and check an acknowledgement file; InvalidInput says what is wrong."""

    def bad(en: str) -> InvalidInput:
        return InvalidInput(
            [FieldError("ack", f"Tệp xác nhận {path.name} không hợp lệ: {en}", f"{path}: {en}")]
        )

    try:
        data = json.loads(path.read_bytes())
    except OSError as error:
        raise bad(f"cannot be read ({error.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise bad(f"not JSON ({error})") from None
    if not isinstance(data, dict) or data.get("format") != ACK_FORMAT:
        raise bad(f"not an acknowledgement (format should be {ACK_FORMAT})")
    problem = check_ack(data)
    if problem:
        raise bad(problem)
    return data
