-- 0008: the period report grades a dossier against its due time before the first apology (an
-- apology moves due_at; grading against the moved date would make every apologised dossier "on
-- time", domain/reports.py). Kept on the dossier when it is first apologised, so the report is
-- one aggregate over `dossiers` without reading the events; back-filled from the first apology
-- event of each dossier already apologised.
ALTER TABLE dossiers ADD COLUMN first_apology_at TEXT;
ALTER TABLE dossiers ADD COLUMN due_before_apology TEXT;
UPDATE dossiers SET
    first_apology_at = (
        SELECT e.at FROM dossier_events e
        WHERE e.dossier_id = dossiers.id AND e.kind = 'apology' ORDER BY e.at, e.id LIMIT 1),
    due_before_apology = (
        SELECT json_extract(e.data, '$.previous_due') FROM dossier_events e
        WHERE e.dossier_id = dossiers.id AND e.kind = 'apology' ORDER BY e.at, e.id LIMIT 1)
WHERE apology_count > 0;
