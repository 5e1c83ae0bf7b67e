-- 0009: the board's tables sort by due time (a click on the column's header): an index on the
-- due time, so a page of every dossier in that order is read without sorting a million rows.
CREATE INDEX dossiers_due ON dossiers (due_at);
