"""The acknowledgement of an imported file, `ACK-<sync file name>.json` (canonical JSON,
resources/schemas/ack.schema.json): which records were accepted and which rejected, and why.
Written via a temporary file and a rename; the store keeps it too, so importing the same file
again writes the same acknowledgement."""

from __future__ import annotations

import os
from pathlib import Path

from onestop_desktop.sync import format as fmt
from onestop_desktop.sync.schemas import check_ack
from onestop_desktop.upstream.merge import Merge
from onestop_desktop.upstream.verifying import Verified

ACK_PREFIX = "ACK-"


def build_ack(verified: Verified, imported_at: str, merge: Merge) -> str:
    sync_file = verified.sync_file
    ack = {
        "format": fmt.ACK_FORMAT,
        "version": 1,
        "desk_id": sync_file.desk_id,
        "export_seq": sync_file.export_seq,
        "file_name": verified.file_name,
        "file_sha256": sync_file.file_sha256,
        "manifest_sha256": sync_file.manifest_sha256,
        "imported_at": imported_at,
        "accepted": merge.accepted,
        "rejected": merge.rejected,
    }
    # The entries hold codes and versions that passed the record schemas, and reasons written
    # here: checking the envelope is enough (checking every entry costs a third of a merge).
    problem = check_ack({**ack, "accepted": merge.accepted[:1], "rejected": merge.rejected[:1]})
    if problem:  # a bug here, never the file's fault
        raise AssertionError(f"the acknowledgement would not be valid: {problem}")
    return fmt.canonical(ack).decode("utf-8")


def write_ack(folder: Path, file_name: str, text: str) -> Path:
    """Write the acknowledgement via a temporary file and a rename (never half a file)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{ACK_PREFIX}{file_name}.json"
    tmp = folder / f".{path.name}.part"
    try:
        with tmp.open("wb") as handle:
            handle.write(text.encode("utf-8") + b"\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return path
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return path
