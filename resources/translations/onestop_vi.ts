<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN" sourcelanguage="en">
<context>
    <name>Banner</name>
    <message>
        <source>Print the slip again</source>
        <translation>In lại phiếu hẹn</translation>
    </message>
    <message>
        <source>Dossier received from {name} – {procedure}</source>
        <translation>Đã tiếp nhận hồ sơ của {name} – {procedure}</translation>
    </message>
</context>
<context>
    <name>Calendar</name>
    <message>
        <source>Monday</source>
        <translation>thứ Hai</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>thứ Ba</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>thứ Tư</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>thứ Năm</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>thứ Sáu</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>thứ Bảy</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>Chủ nhật</translation>
    </message>
    <message>
        <source>{hour}:{minute}</source>
        <comment>time of day</comment>
        <translation>{hour} giờ {minute} phút</translation>
    </message>
    <message>
        <source>{time}, {weekday} {date}</source>
        <comment>time, day of week and date</comment>
        <translation>{time}, {weekday} {date}</translation>
    </message>
    <message>
        <source>No specific return date is set by law</source>
        <translation>Không có ngày hẹn trả cụ thể theo quy định</translation>
    </message>
    <message>
        <source>Due: {moment}</source>
        <translation>Hẹn trả: {moment}</translation>
    </message>
</context>
<context>
    <name>DocumentChecklist</name>
    <message>
        <source>Paper</source>
        <translation>Giấy tờ</translation>
    </message>
    <message>
        <source>Originals</source>
        <translation>Bản chính</translation>
    </message>
    <message>
        <source>Certified copies</source>
        <translation>Bản chứng thực</translation>
    </message>
    <message>
        <source>Photocopies</source>
        <translation>Bản photo</translation>
    </message>
    <message>
        <source>Choose a procedure to list its papers.</source>
        <translation>Chọn thủ tục để hiện danh sách giấy tờ cần nộp.</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>OneStop – Error</source>
        <translation>OneStop – Lỗi</translation>
    </message>
    <message>
        <source>An unexpected error occurred: {error}

The details were written to the log:
{path}
Please send this file to the administrator.</source>
        <translation>Chương trình gặp lỗi không mong muốn: {error}

Chi tiết đã được ghi vào nhật ký:
{path}
Hãy gửi tệp này cho quản trị viên.</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>OneStop – Set up this desk</source>
        <translation>OneStop – Thiết lập quầy tiếp nhận</translation>
    </message>
    <message>
        <source>The database {path} is new. Enter the office this desk belongs to; it appears on every printed form and starts every dossier code.</source>
        <translation>Cơ sở dữ liệu {path} là cơ sở dữ liệu mới. Hãy nhập cơ quan mà quầy này thuộc về: tên cơ quan được in trên các phiếu, mã định danh cơ quan đứng đầu mọi mã hồ sơ.</translation>
    </message>
    <message>
        <source>&amp;Agency code:</source>
        <translation>Mã định danh &amp;cơ quan:</translation>
    </message>
    <message>
        <source>e.g. 000.00.01.H56</source>
        <translation>ví dụ: 000.00.01.H56</translation>
    </message>
    <message>
        <source>Agency &amp;name:</source>
        <translation>&amp;Tên cơ quan:</translation>
    </message>
    <message>
        <source>e.g. UBND xã Tân Hưng</source>
        <translation>ví dụ: UBND xã Tân Hưng</translation>
    </message>
    <message>
        <source>&amp;Desk number:</source>
        <translation>Số hiệu &amp;quầy:</translation>
    </message>
    <message>
        <source>0 if this is the office&apos;s only desk; 1–9 when several desks receive dossiers, a different number on each.</source>
        <translation>Nhập 0 nếu cơ quan chỉ có một quầy; nếu nhiều quầy cùng tiếp nhận hồ sơ, mỗi quầy một số khác nhau từ 1 đến 9.</translation>
    </message>
    <message>
        <source>Enter the agency&apos;s name, e.g. UBND xã Tân Hưng.</source>
        <translation>Cần nhập tên cơ quan, ví dụ: UBND xã Tân Hưng.</translation>
    </message>
    <message>
        <source>The agency&apos;s name is longer than 200 characters.</source>
        <translation>Tên cơ quan dài quá 200 ký tự.</translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message>
        <source>Administrative procedure</source>
        <translation>Thủ tục hành chính</translation>
    </message>
    <message>
        <source>&amp;Procedure:</source>
        <translation>&amp;Thủ tục:</translation>
    </message>
    <message>
        <source>Received a&amp;t:</source>
        <translation>Nhận hồ sơ &amp;lúc:</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Người nộp hồ sơ</translation>
    </message>
    <message>
        <source>Chec&amp;klist of papers</source>
        <translation>Thành &amp;phần hồ sơ</translation>
    </message>
    <message>
        <source>&amp;Full name:</source>
        <translation>&amp;Họ và tên:</translation>
    </message>
    <message>
        <source>Personal &amp;ID number:</source>
        <translation>Số định &amp;danh cá nhân:</translation>
    </message>
    <message>
        <source>Ph&amp;one:</source>
        <translation>Điện th&amp;oại:</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;Email:</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>Đị&amp;a chỉ:</translation>
    </message>
    <message>
        <source>Submitted &amp;via:</source>
        <translation>Hình thức &amp;nộp:</translation>
    </message>
    <message>
        <source>&amp;Result returned:</source>
        <translation>Nhận &amp;kết quả:</translation>
    </message>
    <message>
        <source>&amp;Number of sets:</source>
        <translation>Số &amp;bộ hồ sơ:</translation>
    </message>
    <message>
        <source>e.g. Nguyễn Thị Ánh</source>
        <translation>ví dụ: Nguyễn Thị Ánh</translation>
    </message>
    <message>
        <source>12 digits</source>
        <translation>12 chữ số</translation>
    </message>
    <message>
        <source>e.g. 0912 345 678</source>
        <translation>ví dụ: 0912 345 678</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>không bắt buộc</translation>
    </message>
    <message>
        <source>house number, street, village, commune</source>
        <translation>số nhà, đường, thôn/ấp, xã/phường</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>Trực tiếp</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Trực tuyến</translation>
    </message>
    <message>
        <source>By post</source>
        <translation>Qua bưu chính</translation>
    </message>
    <message>
        <source>At the one-stop office</source>
        <translation>Tại Bộ phận Một cửa</translation>
    </message>
    <message>
        <source> set(s)</source>
        <translation> bộ</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>Lưu (Ctrl+S)</translation>
    </message>
    <message>
        <source>Save and print (Ctrl+Enter)</source>
        <translation>Lưu và in phiếu hẹn (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Ctrl+Enter or F9: save and print the slip · Ctrl+S: save only · Ctrl+N: new</source>
        <translation>Ctrl+Enter hoặc F9: lưu và in phiếu hẹn · Ctrl+S: chỉ lưu · Ctrl+N: nhập hồ sơ mới</translation>
    </message>
    <message>
        <source>Filled in from an earlier dossier</source>
        <translation>Đã điền thông tin từ hồ sơ trước</translation>
    </message>
    <message>
        <source>No procedure chosen yet.</source>
        <translation>Chưa chọn thủ tục.</translation>
    </message>
    <message>
        <source>Code {code} · Field: {field}
Statutory time: {deadline}
Fee: {fee}</source>
        <translation>Mã {code} · Lĩnh vực: {field}
Thời hạn giải quyết: {deadline}
Phí, lệ phí: {fee}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>không</translation>
    </message>
    <message>
        <source>Choose a procedure from the list (type its code or name).</source>
        <translation>Chọn thủ tục trong danh sách (gõ mã hoặc tên thủ tục).</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Reprint an appointment slip</source>
        <translation>In lại phiếu hẹn</translation>
    </message>
    <message>
        <source>Dossier code (type it or scan the slip&apos;s barcode):</source>
        <translation>Mã hồ sơ (gõ hoặc quét mã vạch trên phiếu):</translation>
    </message>
    <message>
        <source>OneStop – One-stop office – {agency}</source>
        <translation>OneStop – Bộ phận Một cửa – {agency}</translation>
    </message>
    <message>
        <source>&amp;Dossier</source>
        <translation>Hồ &amp;sơ</translation>
    </message>
    <message>
        <source>&amp;New dossier</source>
        <translation>Tiếp nhận hồ sơ &amp;mới</translation>
    </message>
    <message>
        <source>&amp;Reprint an appointment slip…</source>
        <translation>&amp;In lại phiếu hẹn…</translation>
    </message>
    <message>
        <source>E&amp;xit</source>
        <translation>&amp;Thoát</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Cài đặt</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Ngôn ngữ</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Trợ &amp;giúp</translation>
    </message>
    <message>
        <source>&amp;About OneStop</source>
        <translation>&amp;Giới thiệu</translation>
    </message>
    <message>
        <source>Agency {code} · Desk {station}</source>
        <translation>Đơn vị {code} · Quầy số {station}</translation>
    </message>
    <message>
        <source>Clerk: {name}</source>
        <translation>Cán bộ tiếp nhận: {name}</translation>
    </message>
    <message>
        <source>About OneStop</source>
        <translation>Giới thiệu OneStop</translation>
    </message>
    <message>
        <source>OneStop Desktop {version}

Receiving dossiers and printing appointment slips at the commune one-stop office, without a network.

Database: {path}</source>
        <translation>OneStop Desktop {version}

Tiếp nhận hồ sơ và in phiếu hẹn trả kết quả tại Bộ phận Một cửa cấp xã, không cần kết nối mạng.

Cơ sở dữ liệu: {path}</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>Appointment slip – {code}</source>
        <translation>Phiếu hẹn trả kết quả – {code}</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;In…</translation>
    </message>
    <message>
        <source>&amp;Save PDF…</source>
        <translation>&amp;Lưu PDF…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+−)</source>
        <translation>Thu nhỏ (Ctrl+−)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl++)</source>
        <translation>Phóng to (Ctrl++)</translation>
    </message>
    <message>
        <source>No printer is installed on this computer.</source>
        <translation>Máy tính này chưa cài đặt máy in nào.</translation>
    </message>
    <message>
        <source>No printer is installed on this computer: save the slip as PDF.</source>
        <translation>Máy tính này chưa cài đặt máy in: hãy lưu phiếu thành tệp PDF.</translation>
    </message>
    <message>
        <source>Not printed before.</source>
        <translation>Chưa in lần nào.</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>Đã in</translation>
    </message>
    <message>
        <source>Reprinted</source>
        <translation>In lại</translation>
    </message>
    <message>
        <source>Saved as PDF</source>
        <translation>Đã lưu PDF</translation>
    </message>
    <message>
        <source>Saved as PDF (reprint)</source>
        <translation>Đã lưu PDF (in lại)</translation>
    </message>
    <message>
        <source>Print failed</source>
        <translation>In không thành công</translation>
    </message>
    <message>
        <source>Print history: </source>
        <translation>Lịch sử in: </translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>Đang in…</translation>
    </message>
</context>
<context>
    <name>PrintFlow</name>
    <message>
        <source>Print</source>
        <translation>In phiếu</translation>
    </message>
    <message>
        <source>Save the form as PDF</source>
        <translation>Lưu phiếu thành tệp PDF</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Tệp PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Preparing the slip of {code}…</source>
        <translation>Đang tạo phiếu hẹn của hồ sơ {code}…</translation>
    </message>
    <message>
        <source>Reprinted the slip of {code} (recorded as a reprint).</source>
        <translation>Đã in lại phiếu hẹn của hồ sơ {code} (ghi nhận là in lại).</translation>
    </message>
    <message>
        <source>Printed the slip of {code}.</source>
        <translation>Đã in phiếu hẹn của hồ sơ {code}.</translation>
    </message>
    <message>
        <source>The slip was NOT printed: the printer “{printer}” did not accept it. Check that it is switched on, has paper and is connected, then try again — or save the slip as PDF.</source>
        <translation>Phiếu CHƯA được in: máy in “{printer}” không nhận lệnh in. Hãy kiểm tra máy in đã bật, còn giấy và đã kết nối rồi in lại — hoặc lưu phiếu thành tệp PDF.</translation>
    </message>
    <message>
        <source>The slip was NOT printed: the printer did not accept it. Check that it is switched on, has paper and is connected, then try again — or save the slip as PDF.</source>
        <translation>Phiếu CHƯA được in: máy in không nhận lệnh in. Hãy kiểm tra máy in đã bật, còn giấy và đã kết nối rồi in lại — hoặc lưu phiếu thành tệp PDF.</translation>
    </message>
    <message>
        <source>Printing the slip of {code} failed.</source>
        <translation>In phiếu hẹn của hồ sơ {code} không thành công.</translation>
    </message>
    <message>
        <source>Could not save {path}: {reason}. Choose another folder.</source>
        <translation>Không lưu được {path}: {reason}. Hãy chọn thư mục khác.</translation>
    </message>
    <message>
        <source>Saved the slip of {code} as {path}.</source>
        <translation>Đã lưu phiếu hẹn của hồ sơ {code} vào {path}.</translation>
    </message>
    <message>
        <source>no permission to write there</source>
        <translation>không có quyền ghi vào đó</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>ổ đĩa đã đầy</translation>
    </message>
    <message>
        <source>the disk is read-only</source>
        <translation>ổ đĩa chỉ cho phép đọc</translation>
    </message>
    <message>
        <source>the folder does not exist</source>
        <translation>thư mục không tồn tại</translation>
    </message>
</context>
<context>
    <name>ProcedurePicker</name>
    <message>
        <source>Type a procedure code or name, e.g. khai sinh</source>
        <translation>Gõ mã hoặc tên thủ tục, ví dụ: khai sinh</translation>
    </message>
    <message>
        <source>No procedure matches “{text}”</source>
        <translation>Không tìm thấy thủ tục nào khớp với “{text}”</translation>
    </message>
</context>
</TS>
