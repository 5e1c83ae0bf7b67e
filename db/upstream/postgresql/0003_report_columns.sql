-- The period report (Biểu số 06/VPCP/KSTT) reads a few facts of every dossier: they get columns
-- of their own, filled at import (upstream/merge.py, domain/reports.py `record_facts`) and here
-- from the stored records, so a report over a million dossiers is one aggregate query instead of
-- parsing a million JSON records. Days are yyyymmdd numbers (the finishing day only for a
-- finished status: 8, 9, 10); the graded due time is the due time
-- before the first apology (NgayHenTraTruoc), else NgayHenTra.
ALTER TABLE dossiers
    ADD COLUMN field_code text,
    ADD COLUMN field_name text,
    ADD COLUMN procedure_code text,
    ADD COLUMN procedure_name text,
    ADD COLUMN channel integer,
    ADD COLUMN received_day integer,
    ADD COLUMN finished_day integer,
    ADD COLUMN graded_due text,
    ADD COLUMN due_day integer,
    ADD COLUMN apology_at text;
UPDATE dossiers d SET
    field_code = COALESCE(d.record->>'MaLinhVuc', ''),
    field_name = COALESCE(d.record->>'TenLinhVuc', ''),
    procedure_code = COALESCE(d.record->>'MaTTHC', ''),
    procedure_name = COALESCE(d.record->>'TenTTHC', ''),
    channel = CAST(COALESCE(NULLIF(d.record->>'KenhThucHien', ''), '1') AS integer),
    received_day = CAST(substr(NULLIF(d.record->>'NgayTiepNhan', ''), 1, 8) AS integer),
    finished_day = CASE WHEN d.status IN (8, 9, 10) THEN
        CAST(substr(NULLIF(d.record->>'NgayKetThucXuLy', ''), 1, 8) AS integer) END,
    apology_at = a.at,
    graded_due = COALESCE(a.before, NULLIF(d.record->>'NgayHenTra', ''))
FROM dossiers d2 LEFT JOIN LATERAL (
    SELECT s.value->>'NgayBoSung' AS at, s.value->>'NgayHenTraTruoc' AS before
    FROM jsonb_array_elements(
        CASE WHEN jsonb_typeof(d2.record->'DanhSachHoSoBoSung') = 'array'
        THEN d2.record->'DanhSachHoSoBoSung' ELSE '[]'::jsonb END
    ) WITH ORDINALITY AS s(value, n)
    WHERE COALESCE(s.value->>'NgayHenTraTruoc', '') <> '' AND COALESCE(s.value->>'NgayBoSung', '') <> ''
    ORDER BY s.value->>'NgayBoSung', s.n LIMIT 1
) a ON true
WHERE d.agency_code = d2.agency_code AND d.code = d2.code;
UPDATE dossiers SET due_day = CAST(substr(graded_due, 1, 8) AS integer);
CREATE INDEX dossiers_report ON dossiers (received_day, status, finished_day, due_day)
