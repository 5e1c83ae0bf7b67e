-- The schema version moves into the file's header (PRAGMA user_version, written by the program
-- after each migration), where it can be read before anything is changed; the application id
-- tells an upstream store from any other SQLite file, such as a desk's database, which keeps
-- its own user_version. `meta` stays, and every migration keeps its schema_version up to date:
-- it is the only marker a program of version 1 reads, and so what makes it refuse this store.
PRAGMA application_id = 1330861392;
