-- The schema version moves from the `meta` table into a table of its own, one row, which the
-- program updates after each migration.
DROP TABLE meta;
CREATE TABLE upstream_schema_version (version integer NOT NULL);
INSERT INTO upstream_schema_version (version) VALUES (2);
