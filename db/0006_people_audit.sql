-- 0006: the office's people (clerks, processing officers, signers, administrators), who is at
-- the desk, who holds each dossier, the person behind every history step, and the audit chain.

CREATE TABLE people (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    title      TEXT NOT NULL DEFAULT '',      -- chức danh (ChucDanh in the export)
    unit       TEXT NOT NULL DEFAULT '',      -- phòng ban / bộ phận (PhongBanXuLy)
    roles      TEXT NOT NULL,                 -- JSON list: clerk, officer, signer, admin
    fields     TEXT NOT NULL DEFAULT '[]',    -- JSON list of procedure field codes (officers)
    pin_hash   TEXT NOT NULL DEFAULT '',      -- scrypt$salt$hash, '' when no PIN
    retired_at TEXT,                          -- retired people stay in the history
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Who is at the desk, remembered for the day (`day` is the local date it was chosen on).
CREATE TABLE on_duty (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    person_id INTEGER NOT NULL REFERENCES people (id),
    day       TEXT NOT NULL,
    since     TEXT NOT NULL
);

-- Each step names its person as they were then: a later change of title does not rewrite it.
ALTER TABLE dossier_events ADD COLUMN person_id INTEGER REFERENCES people (id);
ALTER TABLE dossier_events ADD COLUMN actor_title TEXT NOT NULL DEFAULT '';
ALTER TABLE dossier_events ADD COLUMN actor_unit TEXT NOT NULL DEFAULT '';

-- The officer who holds the dossier now (NULL while it is at the desk), and since when.
ALTER TABLE dossiers ADD COLUMN holder_id INTEGER REFERENCES people (id);
ALTER TABLE dossiers ADD COLUMN held_since TEXT;
CREATE INDEX dossiers_holder ON dossiers (holder_id, due_at) WHERE holder_id IS NOT NULL;

-- Append-only log of every change; each entry carries the hash of the one before it
-- (domain/audit.py says what is hashed). `audit_head` holds the last entry's id and hash, so
-- entries removed from the end are found too.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    person_id INTEGER,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,                  -- e.g. dossier.received, settings.changed
    entity    TEXT NOT NULL DEFAULT '',       -- a dossier code, a setting, a person's id
    data      TEXT NOT NULL DEFAULT '{}',     -- JSON, keys sorted
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, id);
CREATE INDEX audit_log_person ON audit_log (person_id, id);

CREATE TABLE audit_head (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    last_id INTEGER NOT NULL,
    hash    TEXT NOT NULL
);
INSERT INTO audit_head (id, last_id, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- The program never rewrites the log: an entry cannot be changed or deleted, and the head only
-- moves forward. A plain connection can drop these triggers; the chain still finds the change.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: an entry cannot be changed');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: an entry cannot be deleted');
END;
CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head
WHEN NEW.last_id <= OLD.last_id OR NEW.id IS NOT OLD.id
BEGIN
    SELECT RAISE(ABORT, 'audit_head only moves forward');
END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN
    SELECT RAISE(ABORT, 'audit_head cannot be deleted');
END;
