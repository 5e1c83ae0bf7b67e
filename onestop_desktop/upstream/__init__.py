"""The upstream server: the provincial side that verifies and imports the desks' sync files.

It shares only the file-format contract with the desk (`sync/format.py`, `sync/schemas.py`,
`sync/keys.py`, `sync/reasons.py`) and `domain/`. Where to look:

* `registration.py`: a desk's id and public key;
* `container.py`, `verifying.py`: a file checked whole, then against the desk's sequence chain;
* `record_check.py`: every record against its schema, beside the merge at import;
* `importing.py`, `merge.py`, `acknowledgement.py`: one file imported all or nothing, the merge
  policy per record, the acknowledgement written for the desk;
* `status.py`: desks, last exports, missing exports, counts;
* `store/`: the store (SQLite or PostgreSQL, one interface) and its migrations in db/upstream/;
* `cli.py`: `python -m onestop_desktop upstream register|verify|import|status`.
"""

from __future__ import annotations

from onestop_desktop.upstream.acknowledgement import ACK_PREFIX
from onestop_desktop.upstream.container import check_bytes
from onestop_desktop.upstream.importing import ImportResult, Outcome, import_file, import_files
from onestop_desktop.upstream.registration import RegistrationError, register_desk
from onestop_desktop.upstream.status import missing_sequences, status
from onestop_desktop.upstream.verifying import (
    SequenceError,
    Verified,
    check_sequence,
    verify,
    verify_with_key,
)

__all__ = [
    "ACK_PREFIX",
    "ImportResult",
    "Outcome",
    "RegistrationError",
    "SequenceError",
    "Verified",
    "check_bytes",
    "check_sequence",
    "import_file",
    "import_files",
    "missing_sequences",
    "register_desk",
    "status",
    "verify",
    "verify_with_key",
]
