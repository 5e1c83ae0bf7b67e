-- 0005: an export is recorded if and only if its file exists, whatever moment the process dies
-- at. It is written down here before either copy of its file is written, given its file's
-- SHA-256 before either is renamed into place, and moved to `exports` once both are; a row
-- left here by a crash is settled at the next start: recorded if the desk's archived copy
-- exists with that SHA-256, dropped if not. `exports` keeps its meaning (what the desk has
-- exported) for every reader.

CREATE TABLE pending_exports (
    export_seq      INTEGER PRIMARY KEY,
    file_name       TEXT NOT NULL,
    change_seq_from INTEGER NOT NULL,
    change_seq_to   INTEGER NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    file_sha256     TEXT NOT NULL,                -- '' until both copies are written
    dossiers        INTEGER NOT NULL,
    steps           INTEGER NOT NULL,
    tombstones      INTEGER NOT NULL,
    exported_at     TEXT NOT NULL,
    folder          TEXT NOT NULL
);
