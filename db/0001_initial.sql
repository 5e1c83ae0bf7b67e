-- 0001: the desk's first schema: settings, dossiers with their history, code counters,
-- the change sequence that drives exports, tombstones and the print log.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL            -- JSON
);

-- One row: the last change sequence number handed out. Every exported row carries one.
CREATE TABLE change_counter (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq INTEGER NOT NULL
);
INSERT INTO change_counter (id, last_seq) VALUES (1, 0);

-- The last dossier number issued per agency and receiving day. Bumped in the same transaction
-- as the dossier insert and never lowered, so a number is never issued twice.
CREATE TABLE code_counters (
    agency_code TEXT NOT NULL,
    day         TEXT NOT NULL,     -- YYMMDD of the receiving day
    last_number INTEGER NOT NULL,
    PRIMARY KEY (agency_code, day)
) WITHOUT ROWID;

CREATE TABLE dossiers (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    agency_code     TEXT NOT NULL,
    station         INTEGER NOT NULL,
    procedure_code  TEXT NOT NULL,
    procedure_name  TEXT NOT NULL,
    field_code      TEXT NOT NULL,
    field_name      TEXT NOT NULL,
    deadline_text   TEXT NOT NULL,
    applicant_name  TEXT NOT NULL,
    name_folded     TEXT NOT NULL,  -- lower case, no diacritics, đ→d: for search
    id_number       TEXT,
    phone           TEXT,
    email           TEXT,
    address         TEXT,
    applicant_kind  INTEGER NOT NULL DEFAULT 1,   -- LoaiDoiTuong: 1 citizen
    channel         INTEGER NOT NULL CHECK (channel IN (1, 2, 3)),
    return_method   INTEGER NOT NULL CHECK (return_method IN (0, 1)),
    documents       TEXT NOT NULL,  -- JSON list of {name, originals, certified_copies, photocopies}
    sets_count      INTEGER NOT NULL DEFAULT 1,
    note            TEXT NOT NULL DEFAULT '',
    received_at     TEXT NOT NULL,  -- ISO 8601 with +07:00
    due_at          TEXT,
    original_due_at TEXT,
    status          INTEGER NOT NULL CHECK (status BETWEEN 1 AND 10),
    finished_at     TEXT,
    returned_at     TEXT,
    clerk           TEXT NOT NULL,
    change_seq      INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX dossiers_status_due ON dossiers (status, due_at);
CREATE INDEX dossiers_id_number ON dossiers (id_number) WHERE id_number IS NOT NULL;
CREATE INDEX dossiers_phone ON dossiers (phone) WHERE phone IS NOT NULL;
CREATE INDEX dossiers_change_seq ON dossiers (change_seq);

CREATE TABLE dossier_events (
    id          INTEGER PRIMARY KEY,
    dossier_id  INTEGER NOT NULL REFERENCES dossiers (id),
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL,      -- received, transition, ...
    from_status INTEGER,
    to_status   INTEGER,
    actor       TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    data        TEXT NOT NULL DEFAULT '{}',  -- JSON
    change_seq  INTEGER NOT NULL
);
CREATE INDEX dossier_events_dossier ON dossier_events (dossier_id, id);
CREATE INDEX dossier_events_change_seq ON dossier_events (change_seq);

-- Deleted rows leave a tombstone so an export can tell upstream.
CREATE TABLE tombstones (
    id         INTEGER PRIMARY KEY,
    entity     TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    deleted_at TEXT NOT NULL,
    change_seq INTEGER NOT NULL
);
CREATE INDEX tombstones_change_seq ON tombstones (change_seq);

-- Every print attempt: printed, saved as PDF, or failed (failed ones do not count as printed).
CREATE TABLE print_log (
    id         INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    form       TEXT NOT NULL,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    copies     INTEGER NOT NULL,
    outcome    TEXT NOT NULL CHECK (outcome IN ('printed', 'pdf', 'failed')),
    reprint    INTEGER NOT NULL,
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX print_log_dossier ON print_log (dossier_id, form);
