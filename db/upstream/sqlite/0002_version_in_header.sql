-- The schema version moves from the `meta` table into the file's header (PRAGMA user_version,
-- written by the program after each migration), where it can be read before anything is
-- changed; the application id tells an upstream store from any other SQLite file, such as a
-- desk's database, which keeps its own user_version.
DROP TABLE meta;
PRAGMA application_id = 1330861392;
