-- The period report (Biểu số 06/VPCP/KSTT) reads a few facts of every dossier: they get columns
-- of their own, filled at import (upstream/merge.py, domain/reports.py `record_facts`) and here
-- from the stored records, so a report over a million dossiers is one aggregate query over a
-- covering index instead of parsing a million JSON records. Days are yyyymmdd numbers (the
-- finishing day only for a finished status: 8, 9, 10); the
-- graded due time is the due time before the first apology (NgayHenTraTruoc), else NgayHenTra.
ALTER TABLE dossiers ADD COLUMN field_code TEXT;
ALTER TABLE dossiers ADD COLUMN field_name TEXT;
ALTER TABLE dossiers ADD COLUMN procedure_code TEXT;
ALTER TABLE dossiers ADD COLUMN procedure_name TEXT;
ALTER TABLE dossiers ADD COLUMN channel INTEGER;
ALTER TABLE dossiers ADD COLUMN received_day INTEGER;
ALTER TABLE dossiers ADD COLUMN finished_day INTEGER;
ALTER TABLE dossiers ADD COLUMN graded_due TEXT;
ALTER TABLE dossiers ADD COLUMN due_day INTEGER;
ALTER TABLE dossiers ADD COLUMN apology_at TEXT;
UPDATE dossiers SET
    field_code = COALESCE(json_extract(record, '$.MaLinhVuc'), ''),
    field_name = COALESCE(json_extract(record, '$.TenLinhVuc'), ''),
    procedure_code = COALESCE(json_extract(record, '$.MaTTHC'), ''),
    procedure_name = COALESCE(json_extract(record, '$.TenTTHC'), ''),
    channel = CAST(COALESCE(NULLIF(json_extract(record, '$.KenhThucHien'), ''), '1') AS INTEGER),
    received_day = CAST(substr(NULLIF(json_extract(record, '$.NgayTiepNhan'), ''), 1, 8) AS INTEGER),
    finished_day = CASE WHEN status IN (8, 9, 10) THEN
        CAST(substr(NULLIF(json_extract(record, '$.NgayKetThucXuLy'), ''), 1, 8) AS INTEGER) END,
    apology_at = (
        SELECT json_extract(s.value, '$.NgayBoSung') FROM json_each(dossiers.record, '$.DanhSachHoSoBoSung') s
        WHERE COALESCE(json_extract(s.value, '$.NgayHenTraTruoc'), '') <> ''
          AND COALESCE(json_extract(s.value, '$.NgayBoSung'), '') <> ''
        ORDER BY json_extract(s.value, '$.NgayBoSung'), s.key LIMIT 1
    ),
    graded_due = COALESCE((
        SELECT json_extract(s.value, '$.NgayHenTraTruoc') FROM json_each(dossiers.record, '$.DanhSachHoSoBoSung') s
        WHERE COALESCE(json_extract(s.value, '$.NgayHenTraTruoc'), '') <> ''
          AND COALESCE(json_extract(s.value, '$.NgayBoSung'), '') <> ''
        ORDER BY json_extract(s.value, '$.NgayBoSung'), s.key LIMIT 1
    ), NULLIF(json_extract(record, '$.NgayHenTra'), ''));
UPDATE dossiers SET due_day = CAST(substr(graded_due, 1, 8) AS INTEGER);
CREATE INDEX dossiers_report ON dossiers (
    received_day, status, finished_day, due_day, channel, field_code, procedure_code, agency_code,
    desk_id, graded_due, apology_at, field_name, procedure_name
)
