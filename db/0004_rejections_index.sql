-- 0004: the end-of-day dialog lists the dossiers upstream rejected, newest acknowledgement
-- first; after an acknowledgement of a whole history dossier_sync holds a row per dossier, so
-- the list must not scan it.

CREATE INDEX dossier_sync_rejected ON dossier_sync (export_seq DESC, code) WHERE state = 'rejected';
