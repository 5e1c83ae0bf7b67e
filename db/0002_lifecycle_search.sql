-- 0002: follow dossiers to their end (clock pauses, apologies, hand-back) and find them fast
-- (a full-text index over the folded name, the code, ID number and phone).

ALTER TABLE dossiers ADD COLUMN paused_at TEXT;           -- clock stopped (waiting for papers)
ALTER TABLE dossiers ADD COLUMN paused_total_s INTEGER NOT NULL DEFAULT 0;  -- office time paused
ALTER TABLE dossiers ADD COLUMN supplement_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN apology_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN apologised_at TEXT;
ALTER TABLE dossiers ADD COLUMN collected_by TEXT;

CREATE INDEX dossiers_finished ON dossiers (finished_at) WHERE finished_at IS NOT NULL;
-- Counts per field of a board section without reading the rows.
CREATE INDEX dossiers_status_field ON dossiers (status, field_name);

-- External-content FTS5: the text lives in `dossiers`; triggers keep the index in step.
-- name_folded is folded in Python (đ→d is not a diacritic to SQLite), so other tools writing
-- this file only need to fill that column the same way.
CREATE VIRTUAL TABLE dossier_search USING fts5 (
    name_folded, code, id_number, phone,
    content = 'dossiers', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO dossier_search (dossier_search) VALUES ('rebuild');

CREATE TRIGGER dossiers_search_insert AFTER INSERT ON dossiers BEGIN
    INSERT INTO dossier_search (rowid, name_folded, code, id_number, phone)
    VALUES (new.id, new.name_folded, new.code, new.id_number, new.phone);
END;
CREATE TRIGGER dossiers_search_delete AFTER DELETE ON dossiers BEGIN
    INSERT INTO dossier_search (dossier_search, rowid, name_folded, code, id_number, phone)
    VALUES ('delete', old.id, old.name_folded, old.code, old.id_number, old.phone);
END;
CREATE TRIGGER dossiers_search_update AFTER UPDATE OF name_folded, code, id_number, phone
ON dossiers BEGIN
    INSERT INTO dossier_search (dossier_search, rowid, name_folded, code, id_number, phone)
    VALUES ('delete', old.id, old.name_folded, old.code, old.id_number, old.phone);
    INSERT INTO dossier_search (rowid, name_folded, code, id_number, phone)
    VALUES (new.id, new.name_folded, new.code, new.id_number, new.phone);
END;

-- Deleting a dossier leaves a tombstone for the next export.
CREATE TRIGGER dossiers_tombstone AFTER DELETE ON dossiers BEGIN
    UPDATE change_counter SET last_seq = last_seq + 1 WHERE id = 1;
    INSERT INTO tombstones (entity, entity_key, deleted_at, change_seq)
    VALUES ('dossier', old.code, strftime('%Y-%m-%dT%H:%M:%S+07:00', 'now', '+7 hours'),
            (SELECT last_seq FROM change_counter WHERE id = 1));
END;
