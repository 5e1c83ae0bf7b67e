"""Printed forms as PDF (reportlab), with their barcodes and QR codes; no Qt, no SQL.

`receipt` renders Mẫu 01, the appointment slip (Giấy tiếp nhận hồ sơ và hẹn trả kết quả);
`lifecycle_forms` the forms that follow it (Mẫu 02 supplement request, Mẫu 03 refusal, Mẫu 04
apology, the control sheet) and `render_form`, which renders any of them; `forms` holds the
layout every form shares (the two-column header, codes, signatures, fitting to one page) and
loads the form texts from `resources/forms/forms.json`; `codes` draws Code128 barcodes and QR
codes; `fonts` registers the bundled DejaVu Sans, which covers Vietnamese.
"""
