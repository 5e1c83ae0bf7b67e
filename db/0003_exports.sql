-- 0003: end-of-day exports for the upstream system and what upstream said about each dossier.

CREATE TABLE exports (
    export_seq      INTEGER PRIMARY KEY,          -- 1, 2, 3, ... without gaps
    file_name       TEXT NOT NULL,
    change_seq_from INTEGER NOT NULL,             -- the range (from, to] the file covers
    change_seq_to   INTEGER NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    file_sha256     TEXT NOT NULL,
    dossiers        INTEGER NOT NULL,
    steps           INTEGER NOT NULL,
    tombstones      INTEGER NOT NULL,
    exported_at     TEXT NOT NULL,
    folder          TEXT NOT NULL
);

-- Acknowledgements imported from upstream: one row per dossier, the latest word wins.
CREATE TABLE dossier_sync (
    code        TEXT PRIMARY KEY,
    version     INTEGER NOT NULL,                 -- the dossier's change_seq upstream saw
    state       TEXT NOT NULL CHECK (state IN ('acknowledged', 'rejected')),
    reason      TEXT NOT NULL DEFAULT '',
    export_seq  INTEGER NOT NULL,
    updated_at  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE acks (
    export_seq      INTEGER PRIMARY KEY REFERENCES exports (export_seq),
    file_sha256     TEXT NOT NULL,
    imported_at     TEXT NOT NULL,
    accepted        INTEGER NOT NULL,
    rejected        INTEGER NOT NULL
);
