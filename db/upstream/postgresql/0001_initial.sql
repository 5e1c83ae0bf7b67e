-- The upstream store as it was first shipped: its tables, and the schema version in `meta`.
CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE desks (
    desk_id text PRIMARY KEY,
    agency_code text NOT NULL,
    station integer NOT NULL,
    public_key text NOT NULL,
    registered_at text NOT NULL,
    last_export_seq bigint NOT NULL DEFAULT 0,
    last_manifest_sha256 text
);
CREATE TABLE imports (
    desk_id text NOT NULL REFERENCES desks (desk_id),
    export_seq bigint NOT NULL,
    file_name text NOT NULL,
    file_sha256 text NOT NULL,
    manifest_sha256 text NOT NULL,
    imported_at text NOT NULL,
    accepted integer NOT NULL,
    rejected integer NOT NULL,
    ack text NOT NULL,
    PRIMARY KEY (desk_id, export_seq)
);
CREATE TABLE dossiers (
    agency_code text NOT NULL,
    code text NOT NULL,
    desk_id text NOT NULL,
    version bigint NOT NULL,
    status integer NOT NULL,
    record jsonb NOT NULL,
    updated_at text NOT NULL,
    PRIMARY KEY (agency_code, code)
);
CREATE INDEX dossiers_by_desk ON dossiers (desk_id);
CREATE TABLE steps (
    desk_id text NOT NULL,
    step bigint NOT NULL,
    code text NOT NULL,
    version bigint NOT NULL,
    record jsonb NOT NULL,
    PRIMARY KEY (desk_id, step)
);
CREATE INDEX steps_by_code ON steps (code);
CREATE TABLE tombstones (
    agency_code text NOT NULL,
    code text NOT NULL,
    desk_id text NOT NULL,
    version bigint NOT NULL,
    deleted_at text NOT NULL,
    PRIMARY KEY (agency_code, code)
);
CREATE TABLE refusals (
    desk_id text NOT NULL,
    export_seq bigint NOT NULL,
    file_sha256 text NOT NULL,
    file_name text NOT NULL,
    problem text NOT NULL,
    message text NOT NULL,
    refused_at text NOT NULL,
    PRIMARY KEY (desk_id, export_seq, file_sha256)
);
INSERT INTO meta (key, value) VALUES ('schema_version', '1');
