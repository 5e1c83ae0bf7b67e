-- The upstream store as it was first shipped: its tables, and the schema version in `meta`.
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE desks (
    desk_id TEXT PRIMARY KEY,
    agency_code TEXT NOT NULL,
    station INTEGER NOT NULL,
    public_key TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    last_export_seq INTEGER NOT NULL DEFAULT 0,
    last_manifest_sha256 TEXT
);
CREATE TABLE imports (
    desk_id TEXT NOT NULL REFERENCES desks (desk_id),
    export_seq INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    accepted INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    ack TEXT NOT NULL,
    PRIMARY KEY (desk_id, export_seq)
);
CREATE TABLE dossiers (
    agency_code TEXT NOT NULL,
    code TEXT NOT NULL,
    desk_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    status INTEGER NOT NULL,
    record TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (agency_code, code)
);
CREATE INDEX dossiers_by_desk ON dossiers (desk_id);
CREATE TABLE steps (
    desk_id TEXT NOT NULL,
    step INTEGER NOT NULL,
    code TEXT NOT NULL,
    version INTEGER NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (desk_id, step)
);
CREATE INDEX steps_by_code ON steps (code);
CREATE TABLE tombstones (
    agency_code TEXT NOT NULL,
    code TEXT NOT NULL,
    desk_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    deleted_at TEXT NOT NULL,
    PRIMARY KEY (agency_code, code)
);
CREATE TABLE refusals (
    desk_id TEXT NOT NULL,
    export_seq INTEGER NOT NULL,
    file_sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL,
    problem TEXT NOT NULL,
    message TEXT NOT NULL,
    refused_at TEXT NOT NULL,
    PRIMARY KEY (desk_id, export_seq, file_sha256)
);
INSERT INTO meta (key, value) VALUES ('schema_version', '1');
