<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About OneStop</source>
        <translation>Giới thiệu OneStop</translation>
    </message>
    <message>
        <source>Fonts&apos; licence (DejaVu)</source>
        <translation>Giấy phép phông chữ (DejaVu)</translation>
    </message>
    <message>
        <source>Licence (MIT)</source>
        <translation>Giấy phép (MIT)</translation>
    </message>
    <message>
        <source>OneStop Desktop {version}

Receiving dossiers and printing appointment slips at the commune one-stop office, without a network.

Licence: MIT. Interface and forms font: DejaVu Sans (Bitstream Vera licence).
Qt {qt} · PySide6 {pyside} · Python {python}

Database: {path}
Log folder: {logs}</source>
        <translation>OneStop Desktop {version}

Tiếp nhận hồ sơ và in phiếu hẹn trả kết quả tại Bộ phận Một cửa cấp xã, không cần kết nối mạng.

Giấy phép: MIT. Phông chữ của giao diện và biểu mẫu: DejaVu Sans (giấy phép Bitstream Vera).
Qt {qt} · PySide6 {pyside} · Python {python}

Cơ sở dữ liệu: {path}
Thư mục nhật ký chương trình: {logs}</translation>
    </message>
</context>
<context>
    <name>ApologyDialog</name>
    <message>
        <source>&amp;New due date:</source>
        <translation>Ngày hẹn trả &amp;mới:</translation>
    </message>
    <message>
        <source>&amp;Reason for the delay:</source>
        <translation>&amp;Lý do chậm trễ:</translation>
    </message>
    <message>
        <source>&amp;Record another new date as an exception</source>
        <translation>&amp;Ghi nhận hẹn lại thêm lần nữa như một trường hợp ngoại lệ</translation>
    </message>
    <message>
        <source>Apology and new date – {code}</source>
        <translation>Xin lỗi và hẹn lại ngày trả – {code}</translation>
    </message>
    <message>
        <source>Give dossier {code} a new date once more, as an exception? This is recorded in its history.</source>
        <translation>Hẹn lại ngày trả cho hồ sơ {code} thêm một lần nữa như một trường hợp ngoại lệ? Việc này được ghi vào lịch sử hồ sơ.</translation>
    </message>
    <message>
        <source>The apology should reach the citizen at least one day before the due date; this one is late and will be recorded as such.</source>
        <translation>Văn bản xin lỗi phải đến tay công dân chậm nhất một ngày trước ngày hẹn trả; văn bản này đã muộn và sẽ được ghi nhận là gửi muộn.</translation>
    </message>
    <message>
        <source>The new due date must be after the current one ({due}).</source>
        <translation>Ngày hẹn mới phải sau ngày hẹn hiện tại ({due}).</translation>
    </message>
    <message>
        <source>This dossier was already given a new date {count} time(s). The rule allows it once: another new date is an exception, recorded in the history.</source>
        <translation>Hồ sơ này đã được hẹn lại {count} lần. Quy định chỉ cho hẹn lại một lần: hẹn lại thêm là trường hợp ngoại lệ và được ghi vào lịch sử hồ sơ.</translation>
    </message>
    <message>
        <source>Tick the exception box to give this dossier another new date.</source>
        <translation>Hãy đánh dấu ô ngoại lệ để hẹn lại thêm một lần cho hồ sơ này.</translation>
    </message>
    <message>
        <source>Write the reason for the delay: it is printed on the apology.</source>
        <translation>Hãy ghi lý do chậm trễ: lý do được in trên văn bản xin lỗi.</translation>
    </message>
    <message>
        <source>{name} – {procedure}
Due now: {due}</source>
        <translation>{name} – {procedure}
Đang hẹn trả: {due}</translation>
    </message>
</context>
<context>
    <name>AuditCheckDialog</name>
    <message>
        <source>Check the audit log</source>
        <translation>Kiểm tra nhật ký thay đổi</translation>
    </message>
    <message>
        <source>Checking the audit log…</source>
        <translation>Đang kiểm tra nhật ký thay đổi…</translation>
    </message>
    <message>
        <source>Checking the audit log… {count} entries checked.</source>
        <translation>Đang kiểm tra nhật ký thay đổi… đã kiểm tra {count} mục.</translation>
    </message>
    <message>
        <source>The audit log could not be checked: {error}</source>
        <translation>Không kiểm tra được nhật ký thay đổi: {error}</translation>
    </message>
    <message>
        <source>The audit log is intact: {count} entries checked, none altered, removed or inserted.</source>
        <translation>Nhật ký thay đổi còn nguyên vẹn: đã kiểm tra {count} mục, không mục nào bị sửa, bị xóa hay bị chèn thêm.</translation>
    </message>
    <message>
        <source>The audit log was changed outside the program. First break: entry {entry} ({kind}).
{message}

Restore a backup made before it, or report it to the administrator.</source>
        <translation>Nhật ký thay đổi đã bị sửa ngoài chương trình. Chỗ hỏng đầu tiên: mục số {entry} ({kind}).
{message}

Hãy khôi phục một bản sao lưu được tạo trước đó, hoặc báo cho người quản trị.</translation>
    </message>
    <message>
        <source>altered</source>
        <translation>bị sửa</translation>
    </message>
    <message>
        <source>inserted</source>
        <translation>bị chèn thêm</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>bị xóa</translation>
    </message>
    <message>
        <source>removed from the end</source>
        <translation>bị xóa ở cuối</translation>
    </message>
</context>
<context>
    <name>AuditLogWindow</name>
    <message>
        <source>Audit log</source>
        <translation>Nhật ký thay đổi</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Thay đổi</translation>
    </message>
    <message>
        <source>Concerns</source>
        <translation>Đối tượng</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Chi tiết</translation>
    </message>
    <message>
        <source>Dossier:</source>
        <translation>Hồ sơ:</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Tất cả mọi người</translation>
    </message>
    <message>
        <source>Only the day</source>
        <translation>Chỉ ngày</translation>
    </message>
    <message>
        <source>Person:</source>
        <translation>Người:</translation>
    </message>
    <message>
        <source>The newest {count} entries; scroll down for older ones.</source>
        <translation>{count} mục mới nhất; cuộn xuống để xem các mục cũ hơn.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>all dossiers (type a code)</source>
        <translation>mọi hồ sơ (gõ mã hồ sơ)</translation>
    </message>
    <message>
        <source>{count} entries.</source>
        <translation>{count} mục.</translation>
    </message>
    <message>
        <source>{name} (retired)</source>
        <translation>{name} (đã nghỉ)</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <source>&amp;Back up now</source>
        <translation>&amp;Sao lưu ngay</translation>
    </message>
    <message>
        <source>&amp;Restore…</source>
        <translation>&amp;Phục hồi…</translation>
    </message>
    <message>
        <source>A backup passphrase is set (key {fingerprint}): a backup on a USB stick holds the signing key locked with it.</source>
        <translation>Đã đặt mật khẩu sao lưu (khóa {fingerprint}): bản sao lưu ra USB có khóa ký, được khóa bằng mật khẩu này.</translation>
    </message>
    <message>
        <source>Back up to a &amp;USB stick…</source>
        <translation>Sao lưu ra &amp;USB…</translation>
    </message>
    <message>
        <source>Backed up: {dossiers} dossiers, {steps} steps; copy checked: {check}.</source>
        <translation>Đã sao lưu: {dossiers} hồ sơ, {steps} bước xử lý; kiểm tra bản sao: {check}.</translation>
    </message>
    <message>
        <source>Backup and restore</source>
        <translation>Sao lưu và phục hồi</translation>
    </message>
    <message>
        <source>Backup passphrase</source>
        <translation>Mật khẩu sao lưu</translation>
    </message>
    <message>
        <source>Backup passphrase set. Backups on a USB stick now hold the signing key locked with it; only a public key was stored on this PC.</source>
        <translation>Đã đặt mật khẩu sao lưu. Từ nay bản sao lưu ra USB có khóa ký được khóa bằng mật khẩu này; máy này chỉ lưu một khóa công khai.</translation>
    </message>
    <message>
        <source>Backups of this desk in {folder}. One is made at the first start of each day.</source>
        <translation>Các bản sao lưu của quầy trong {folder}. Mỗi ngày một bản được tạo khi mở chương trình lần đầu.</translation>
    </message>
    <message>
        <source>Checking the database and backing it up…</source>
        <translation>Đang kiểm tra cơ sở dữ liệu và sao lưu…</translation>
    </message>
    <message>
        <source>Choose a backup to restore</source>
        <translation>Chọn bản sao lưu để phục hồi</translation>
    </message>
    <message>
        <source>Choose the USB stick (or folder) to back up to</source>
        <translation>Chọn USB (hoặc thư mục) để sao lưu</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>FAILED its check: {problem}</source>
        <translation>KHÔNG đạt kiểm tra: {problem}</translation>
    </message>
    <message>
        <source>Making the backup key from the passphrase…</source>
        <translation>Đang tạo khóa sao lưu từ mật khẩu…</translation>
    </message>
    <message>
        <source>No backup passphrase is set: a backup on a USB stick leaves the signing key out (a desk restored from it needs a new key registered upstream).</source>
        <translation>Chưa đặt mật khẩu sao lưu: bản sao lưu ra USB không có khóa ký (quầy phục hồi từ bản đó phải tạo khóa mới và đăng ký với cấp trên).</translation>
    </message>
    <message>
        <source>No backup yet.</source>
        <translation>Chưa có bản sao lưu nào.</translation>
    </message>
    <message>
        <source>No export files were found beside the database, so nothing was replayed: dossiers exported after the backup are missing until their files are replayed.</source>
        <translation>Không tìm thấy tệp kết xuất bên cạnh cơ sở dữ liệu nên chưa phát lại gì: các hồ sơ đã kết xuất sau bản sao lưu còn thiếu cho đến khi phát lại các tệp đó.</translation>
    </message>
    <message>
        <source>Not replayed: {file}: {reason}</source>
        <translation>Không phát lại: {file}: {reason}</translation>
    </message>
    <message>
        <source>OneStop backups (*.backup.sqlite3)</source>
        <translation>Bản sao lưu OneStop (*.backup.sqlite3)</translation>
    </message>
    <message>
        <source>Replace the desk&apos;s database with this backup?

{line}

The current database and key are kept aside beside it (not deleted): the administrator can put them back.</source>
        <translation>Thay cơ sở dữ liệu của quầy bằng bản sao lưu này?

{line}

Cơ sở dữ liệu và khóa hiện tại được giữ lại bên cạnh (không bị xóa): quản trị có thể đặt chúng trở lại.</translation>
    </message>
    <message>
        <source>Replayed {count} export(s) written since the backup ({dossiers} dossiers); the next export is number {next}. Dossiers received after {since} and never exported may be missing.</source>
        <translation>Đã phát lại {count} lần kết xuất ghi sau bản sao lưu ({dossiers} hồ sơ); lần kết xuất tới là số {next}. Các hồ sơ tiếp nhận sau {since} mà chưa kết xuất có thể bị thiếu.</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>Phục hồi bản sao lưu</translation>
    </message>
    <message>
        <source>Restored: {line}. The replaced files were kept aside: {aside}</source>
        <translation>Đã phục hồi: {line}. Các tệp bị thay được giữ lại: {aside}</translation>
    </message>
    <message>
        <source>Set the backup &amp;passphrase…</source>
        <translation>Đặt &amp;mật khẩu sao lưu…</translation>
    </message>
    <message>
        <source>The backup held no signing key: a new key was made; register it with the upstream server before the next export.</source>
        <translation>Bản sao lưu không có khóa ký: đã tạo khóa mới; hãy đăng ký khóa này với hệ thống cấp trên trước lần kết xuất tới.</translation>
    </message>
    <message>
        <source>The backup&apos;s signing key is encrypted. Passphrase:</source>
        <translation>Khóa ký trong bản sao lưu được mã hóa. Mật khẩu:</translation>
    </message>
    <message>
        <source>This backup failed its check ({problem}); choose another.</source>
        <translation>Bản sao lưu này không đạt kiểm tra ({problem}); hãy chọn bản khác.</translation>
    </message>
    <message>
        <source>Verifying the backup…</source>
        <translation>Đang kiểm tra bản sao lưu…</translation>
    </message>
    <message>
        <source>Written to {path}; no backup passphrase is set, so the signing key was left out.</source>
        <translation>Đã ghi vào {path}; chưa đặt mật khẩu sao lưu nên không chép khóa ký.</translation>
    </message>
    <message>
        <source>Written to {path}; the signing key is in it, locked with the backup passphrase.</source>
        <translation>Đã ghi vào {path}; có khóa ký, được khóa bằng mật khẩu sao lưu.</translation>
    </message>
    <message>
        <source>before an upgrade</source>
        <translation>trước khi nâng cấp</translation>
    </message>
    <message>
        <source>checked OK</source>
        <translation>kiểm tra tốt</translation>
    </message>
    <message>
        <source>daily</source>
        <translation>hằng ngày</translation>
    </message>
    <message>
        <source>end of day, with the export</source>
        <translation>cuối ngày, cùng bản kết xuất</translation>
    </message>
    <message>
        <source>last export no. {export}</source>
        <translation>lần kết xuất cuối số {export}</translation>
    </message>
    <message>
        <source>nothing exported yet</source>
        <translation>chưa kết xuất lần nào</translation>
    </message>
    <message>
        <source>on demand</source>
        <translation>theo yêu cầu</translation>
    </message>
    <message>
        <source>{date} · {kind} · {dossiers} dossiers · {export} · {check}</source>
        <translation>{date} · {kind} · {dossiers} hồ sơ · {export} · {check}</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Dossier received from {name} – {procedure}</source>
        <translation>Đã tiếp nhận hồ sơ của {name} – {procedure}</translation>
    </message>
    <message>
        <source>Print the slip again</source>
        <translation>In lại phiếu hẹn</translation>
    </message>
</context>
<context>
    <name>BoardPage</name>
    <message>
        <source>All dossiers ({count})</source>
        <translation>Tất cả hồ sơ ({count})</translation>
    </message>
    <message>
        <source>Apologise with a new date…</source>
        <translation>Xin lỗi, hẹn lại ngày trả…</translation>
    </message>
    <message>
        <source>By field: {fields}</source>
        <translation>Theo lĩnh vực: {fields}</translation>
    </message>
    <message>
        <source>Daily board – {weekday} {date}</source>
        <translation>Bảng theo dõi hằng ngày – {weekday} {date}</translation>
    </message>
    <message>
        <source>Every dossier of this desk, the newest first.</source>
        <translation>Mọi hồ sơ của quầy này, mới nhất trước.</translation>
    </message>
    <message>
        <source>Find: dossier code, name (accents optional), ID number, phone – Ctrl+F</source>
        <translation>Tìm: mã hồ sơ, họ tên (có hoặc không dấu), số định danh, điện thoại – Ctrl+F</translation>
    </message>
    <message>
        <source>Hand back the result…</source>
        <translation>Trả kết quả…</translation>
    </message>
    <message>
        <source>Hand over to an officer…</source>
        <translation>Chuyển cán bộ xử lý…</translation>
    </message>
    <message>
        <source>No dossier in this section.</source>
        <translation>Không có hồ sơ nào trong mục này.</translation>
    </message>
    <message>
        <source>No dossier matches “{text}”.</source>
        <translation>Không tìm thấy hồ sơ nào khớp với “{text}”.</translation>
    </message>
    <message>
        <source>Open the dossier</source>
        <translation>Mở hồ sơ</translation>
    </message>
    <message>
        <source>Open the dossier (Enter)</source>
        <translation>Mở hồ sơ (Enter)</translation>
    </message>
    <message>
        <source>Receive a new dossier (Ctrl+N)</source>
        <translation>Tiếp nhận hồ sơ mới (Ctrl+N)</translation>
    </message>
    <message>
        <source>The {count} newest matching dossiers; type more to narrow down.</source>
        <translation>{count} hồ sơ khớp mới nhất; gõ thêm để thu hẹp kết quả.</translation>
    </message>
    <message>
        <source>These dossiers are due by the next working day. The apology with a new date must reach the citizen at least one day before the due date: if one cannot be ready in time, send its apology today.</source>
        <translation>Các hồ sơ này đến hạn trong ngày làm việc tiếp theo. Văn bản xin lỗi và hẹn lại ngày trả phải đến tay công dân chậm nhất một ngày trước ngày hẹn: hồ sơ nào không kịp trả đúng hẹn thì gửi văn bản xin lỗi ngay hôm nay.</translation>
    </message>
    <message>
        <source>This month ({month}) so far: finished by the due date {on_time} ({finished} of {due} due) · late dossiers apologised in time {apology} ({apologised} of {late})</source>
        <translation>Tháng này ({month}) đến nay: giải quyết đúng hạn {on_time} ({finished} trên {due} hồ sơ đến hạn) · hồ sơ trễ hạn được xin lỗi kịp thời {apology} ({apologised} trên {late})</translation>
    </message>
    <message>
        <source>{count} matching dossier(s), the newest first.</source>
        <translation>{count} hồ sơ khớp, mới nhất trước.</translation>
    </message>
</context>
<context>
    <name>BoardTable</name>
    <message>
        <source>Days late</source>
        <translation>Quá hạn (ngày)</translation>
    </message>
    <message>
        <source>Past its due time today</source>
        <translation>Đã quá giờ hẹn trả hôm nay</translation>
    </message>
    <message>
        <source>Overdue by {count} working day(s)</source>
        <translation>Quá hạn {count} ngày làm việc</translation>
    </message>
    <message>
        <source>Working days past the due date (0: the due time passed today)</source>
        <translation>Số ngày làm việc đã quá hạn (0: vừa quá giờ hẹn trả hôm nay)</translation>
    </message>
    <message>
        <source>Click to sort by this column</source>
        <translation>Bấm để sắp xếp theo cột này</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Người nộp</translation>
    </message>
    <message>
        <source>Dossier code</source>
        <translation>Mã hồ sơ</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Hẹn trả</translation>
    </message>
    <message>
        <source>Due by the next working day: if it cannot be ready in time, send the apology with a new date today.</source>
        <translation>Đến hạn trong ngày làm việc tiếp theo: nếu không kịp trả đúng hẹn, hãy gửi văn bản xin lỗi và hẹn lại ngày trả ngay hôm nay.</translation>
    </message>
    <message>
        <source>First due date</source>
        <translation>Hẹn trả ban đầu</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Ngày nhận</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
</context>
<context>
    <name>BugReport</name>
    <message>
        <source>Bug report</source>
        <translation>Báo cáo lỗi</translation>
    </message>
    <message>
        <source>Save the bug report</source>
        <translation>Lưu báo cáo lỗi</translation>
    </message>
    <message>
        <source>The bug report was written to:
{path}

Give this file to support (on a USB stick or by e-mail). It holds the program&apos;s log, its versions and the office&apos;s settings; no dossiers, no keys and no PINs.</source>
        <translation>Đã ghi báo cáo lỗi vào tệp:
{path}

Hãy chuyển tệp này cho bộ phận hỗ trợ (qua USB hoặc thư điện tử). Tệp gồm nhật ký chương trình, thông tin phiên bản và thiết lập của đơn vị; không có hồ sơ, khóa hay mã PIN.</translation>
    </message>
    <message>
        <source>Zip files (*.zip)</source>
        <translation>Tệp nén Zip (*.zip)</translation>
    </message>
</context>
<context>
    <name>Calendar</name>
    <message>
        <source>Due: {moment}</source>
        <translation>Hẹn trả: {moment}</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>thứ Sáu</translation>
    </message>
    <message>
        <source>Monday</source>
        <translation>thứ Hai</translation>
    </message>
    <message>
        <source>No specific return date is set by law</source>
        <translation>Không có ngày hẹn trả cụ thể theo quy định</translation>
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
        <source>Thursday</source>
        <translation>thứ Năm</translation>
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
        <source>{hour}:{minute}</source>
        <comment>time of day</comment>
        <translation>{hour} giờ {minute} phút</translation>
    </message>
    <message>
        <source>{time}, {weekday} {date}</source>
        <comment>time, day of week and date</comment>
        <translation>{time}, {weekday} {date}</translation>
    </message>
</context>
<context>
    <name>DocumentChecklist</name>
    <message>
        <source>Certified copies</source>
        <translation>Bản chứng thực</translation>
    </message>
    <message>
        <source>Choose a procedure to list its papers.</source>
        <translation>Chọn thủ tục để hiện danh sách giấy tờ cần nộp.</translation>
    </message>
    <message>
        <source>Originals</source>
        <translation>Bản chính</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>Giấy tờ</translation>
    </message>
    <message>
        <source>Photocopies</source>
        <translation>Bản photo</translation>
    </message>
</context>
<context>
    <name>DossierActions</name>
    <message>
        <source>Citizen withdraws</source>
        <translation>Công dân rút hồ sơ</translation>
    </message>
    <message>
        <source>Continue processing</source>
        <translation>Tiếp tục xử lý</translation>
    </message>
    <message>
        <source>Dossier {code} is “{status}”: it cannot be moved to “{target}”.</source>
        <translation>Hồ sơ {code} đang ở trạng thái “{status}”: không thể chuyển sang “{target}”.</translation>
    </message>
    <message>
        <source>Dossier {code} is “{status}”: it needs no apology.</source>
        <translation>Hồ sơ {code} đang ở trạng thái “{status}”: không cần xin lỗi, hẹn lại.</translation>
    </message>
    <message>
        <source>Full name of the person who collected the result:</source>
        <translation>Họ tên người nhận kết quả:</translation>
    </message>
    <message>
        <source>Hand back the result</source>
        <translation>Trả kết quả</translation>
    </message>
    <message>
        <source>Move dossier {code} to “{target}”?</source>
        <translation>Chuyển hồ sơ {code} sang “{target}”?</translation>
    </message>
    <message>
        <source>OneStop</source>
        <translation>OneStop</translation>
    </message>
    <message>
        <source>Papers received, continue</source>
        <translation>Đã nhận giấy tờ bổ sung, tiếp tục xử lý</translation>
    </message>
    <message>
        <source>Print the refusal (Form 03) for the citizen now?</source>
        <translation>In phiếu từ chối tiếp nhận (Mẫu 03) cho công dân ngay bây giờ?</translation>
    </message>
    <message>
        <source>Print the supplement request (Form 02) for the citizen now?</source>
        <translation>In phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02) cho công dân ngay bây giờ?</translation>
    </message>
    <message>
        <source>Record that dossier {code} came back to the one-stop desk?</source>
        <translation>Ghi nhận hồ sơ {code} đã được trả về Bộ phận Một cửa?</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>Từ chối</translation>
    </message>
    <message>
        <source>Request supplementary papers</source>
        <translation>Yêu cầu bổ sung giấy tờ</translation>
    </message>
    <message>
        <source>Request the financial obligation</source>
        <translation>Yêu cầu thực hiện nghĩa vụ tài chính</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Đã xử lý xong</translation>
    </message>
    <message>
        <source>Start processing</source>
        <translation>Chuyển xử lý</translation>
    </message>
    <message>
        <source>Stop processing</source>
        <translation>Dừng xử lý</translation>
    </message>
    <message>
        <source>The reason (it is recorded):</source>
        <translation>Lý do (được ghi vào lịch sử hồ sơ):</translation>
    </message>
</context>
<context>
    <name>DossierPage</name>
    <message>
        <source>Papers handed over at intake</source>
        <translation>Giấy tờ đã nộp khi tiếp nhận</translation>
    </message>
    <message>
        <source>No paper recorded.</source>
        <translation>Chưa ghi nhận giấy tờ nào.</translation>
    </message>
    <message>
        <source>shown at the counter, handed back</source>
        <translation>xuất trình</translation>
    </message>
    <message>
        <source>originals {o} · certified copies {c} · copies {p}</source>
        <translation>bản chính {o} · bản chứng thực {c} · bản sao {p}</translation>
    </message>
    <message>
        <source>Acknowledged by upstream (export no. {seq}).</source>
        <translation>Cấp trên đã xác nhận (lần kết xuất số {seq}).</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Địa chỉ:</translation>
    </message>
    <message>
        <source>Apologise with a new date…</source>
        <translation>Xin lỗi, hẹn lại ngày trả…</translation>
    </message>
    <message>
        <source>Apology, new due date</source>
        <translation>Xin lỗi, hẹn lại ngày trả</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Người nộp hồ sơ</translation>
    </message>
    <message>
        <source>At the one-stop office</source>
        <translation>Tại Bộ phận Một cửa</translation>
    </message>
    <message>
        <source>Audit log…</source>
        <translation>Nhật ký thay đổi…</translation>
    </message>
    <message>
        <source>Back at the one-stop desk from {name}</source>
        <translation>{name} trả về Bộ phận Một cửa</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <source>By post</source>
        <translation>Qua bưu chính</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>Thời hạn</translation>
    </message>
    <message>
        <source>Due:</source>
        <translation>Hẹn trả:</translation>
    </message>
    <message>
        <source>Email:</source>
        <translation>Thư điện tử:</translation>
    </message>
    <message>
        <source>Ended:</source>
        <translation>Kết thúc:</translation>
    </message>
    <message>
        <source>Exported (export no. {seq}), waiting for upstream&apos;s answer.</source>
        <translation>Đã kết xuất (lần số {seq}), đang chờ cấp trên xác nhận.</translation>
    </message>
    <message>
        <source>Field:</source>
        <translation>Lĩnh vực:</translation>
    </message>
    <message>
        <source>First due date:</source>
        <translation>Hẹn trả ban đầu:</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>Họ và tên:</translation>
    </message>
    <message>
        <source>Hand over to an officer…</source>
        <translation>Chuyển cán bộ xử lý…</translation>
    </message>
    <message>
        <source>Handed to {name}</source>
        <translation>Chuyển cho {name} xử lý</translation>
    </message>
    <message>
        <source>Held by:</source>
        <translation>Cán bộ đang xử lý:</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Quá trình xử lý</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>Trực tiếp</translation>
    </message>
    <message>
        <source>New dates given:</source>
        <translation>Số lần hẹn lại:</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Bước tiếp theo</translation>
    </message>
    <message>
        <source>No due date set by law</source>
        <translation>Không có ngày hẹn trả cụ thể theo quy định</translation>
    </message>
    <message>
        <source>Not exported yet: it goes with the next end-of-day export.</source>
        <translation>Chưa kết xuất: hồ sơ sẽ được gửi trong lần kết xuất cuối ngày tiếp theo.</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>Nothing printed yet.</source>
        <translation>Chưa in phiếu nào.</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Trực tuyến</translation>
    </message>
    <message>
        <source>Personal ID number:</source>
        <translation>Số định danh cá nhân:</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Điện thoại:</translation>
    </message>
    <message>
        <source>Print:</source>
        <translation>In:</translation>
    </message>
    <message>
        <source>Prints</source>
        <translation>Các lần in</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Thủ tục hành chính</translation>
    </message>
    <message>
        <source>Procedure:</source>
        <translation>Thủ tục:</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Tiếp nhận hồ sơ</translation>
    </message>
    <message>
        <source>Received at:</source>
        <translation>Thời gian nhận:</translation>
    </message>
    <message>
        <source>Received by:</source>
        <translation>Cán bộ tiếp nhận:</translation>
    </message>
    <message>
        <source>Rejected by upstream (export no. {seq}): {reason}</source>
        <translation>Cấp trên từ chối (lần kết xuất số {seq}): {reason}</translation>
    </message>
    <message>
        <source>Result back to the desk</source>
        <translation>Trả kết quả về Một cửa</translation>
    </message>
    <message>
        <source>Result returned:</source>
        <translation>Hình thức trả kết quả:</translation>
    </message>
    <message>
        <source>Statutory time:</source>
        <translation>Thời hạn giải quyết:</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Bước</translation>
    </message>
    <message>
        <source>Submitted via:</source>
        <translation>Hình thức nộp:</translation>
    </message>
    <message>
        <source>The dossier&apos;s processing has ended: no further step.</source>
        <translation>Hồ sơ đã kết thúc xử lý: không còn bước nào tiếp theo.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Không rõ</translation>
    </message>
    <message>
        <source>Upstream (district / provincial system)</source>
        <translation>Đồng bộ lên hệ thống cấp trên</translation>
    </message>
    <message>
        <source>Waiting for papers since:</source>
        <translation>Chờ bổ sung từ:</translation>
    </message>
    <message>
        <source>print failed</source>
        <translation>in không thành công</translation>
    </message>
    <message>
        <source>printed</source>
        <translation>đã in</translation>
    </message>
    <message>
        <source>result collected by {name} at {moment}</source>
        <translation>{name} đã nhận kết quả lúc {moment}</translation>
    </message>
    <message>
        <source>saved as PDF</source>
        <translation>đã lưu PDF</translation>
    </message>
    <message>
        <source>{count} time(s); the last from {before} to {after}: {reason}</source>
        <translation>{count} lần; lần gần nhất từ {before} sang {after}: {reason}</translation>
    </message>
    <message>
        <source>{name}, since {moment}</source>
        <translation>{name}, từ {moment}</translation>
    </message>
    <message>
        <source>{outcome} (reprint)</source>
        <translation>{outcome} (in lại)</translation>
    </message>
    <message>
        <source>← Board (Esc)</source>
        <translation>← Bảng theo dõi (Esc)</translation>
    </message>
</context>
<context>
    <name>EndOfDay</name>
    <message>
        <source>&amp;Export now</source>
        <translation>&amp;Kết xuất ngay</translation>
    </message>
    <message>
        <source>Acknowledgement files (*.json);;All files (*)</source>
        <translation>Tệp xác nhận (*.json);;Tất cả các tệp (*)</translation>
    </message>
    <message>
        <source>An export is being written: wait until it is finished.</source>
        <translation>Đang ghi tệp kết xuất: hãy chờ đến khi xong.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Changes not exported yet</source>
        <translation>Còn hồ sơ chưa kết xuất</translation>
    </message>
    <message>
        <source>Choose the folder for the export file</source>
        <translation>Chọn thư mục ghi tệp kết xuất</translation>
    </message>
    <message>
        <source>Close &amp;anyway</source>
        <translation>&amp;Vẫn đóng</translation>
    </message>
    <message>
        <source>End-of-day export</source>
        <translation>Kết xuất cuối ngày</translation>
    </message>
    <message>
        <source>Imported upstream&apos;s acknowledgement: {accepted} dossiers received, {rejected} rejected.</source>
        <translation>Đã nhập tệp xác nhận của cấp trên: cấp trên đã nhận {accepted} hồ sơ, từ chối {rejected} hồ sơ.</translation>
    </message>
    <message>
        <source>Open upstream&apos;s acknowledgement file</source>
        <translation>Mở tệp xác nhận của cấp trên</translation>
    </message>
    <message>
        <source>The rejected dossiers are listed in End-of-day export (Ctrl+E): see why and deal with them.</source>
        <translation>Danh sách hồ sơ bị từ chối có trong mục Kết xuất cuối ngày (Ctrl+E): hãy xem lý do và xử lý.</translation>
    </message>
    <message>
        <source>This acknowledgement was imported before: nothing changed.</source>
        <translation>Tệp xác nhận này đã được nhập trước đây: không có gì thay đổi.</translation>
    </message>
    <message>
        <source>Upstream&apos;s acknowledgement</source>
        <translation>Xác nhận của cấp trên</translation>
    </message>
    <message>
        <source>{count} dossiers changed on earlier days have not been exported for upstream yet.
Export them now?</source>
        <translation>Có {count} hồ sơ thay đổi từ những ngày trước chưa được kết xuất gửi cấp trên.
Kết xuất ngay bây giờ?</translation>
    </message>
    <message>
        <source>{problem}
Choose the acknowledgement file upstream sent for desk {desk}.</source>
        <translation>{problem}
Hãy chọn đúng tệp xác nhận mà cấp trên gửi cho quầy {desk}.</translation>
    </message>
</context>
<context>
    <name>Errors</name>
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
    <message>
        <source>OneStop – Error</source>
        <translation>OneStop – Lỗi</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>&amp;Choose folder…</source>
        <translation>&amp;Chọn thư mục…</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Kết xuất</translation>
    </message>
    <message>
        <source>Back up the database onto the same USB stick</source>
        <translation>Sao lưu cơ sở dữ liệu lên cùng USB</translation>
    </message>
    <message>
        <source>Backing up the database onto the USB stick…</source>
        <translation>Đang sao lưu cơ sở dữ liệu lên USB…</translation>
    </message>
    <message>
        <source>Backing up… do not remove the USB stick.</source>
        <translation>Đang sao lưu… đừng rút USB.</translation>
    </message>
    <message>
        <source>Check the USB stick, or choose another folder.</source>
        <translation>Hãy kiểm tra USB hoặc chọn thư mục khác.</translation>
    </message>
    <message>
        <source>Choose another folder.</source>
        <translation>Hãy chọn thư mục khác.</translation>
    </message>
    <message>
        <source>Choose the folder to write the file to.</source>
        <translation>Hãy chọn thư mục để ghi tệp.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Database backed up onto the USB stick and checked ({check}): {dossiers} dossiers, {steps} steps
{path}</source>
        <translation>Đã sao lưu cơ sở dữ liệu lên USB và kiểm tra ({check}): {dossiers} hồ sơ, {steps} bước
{path}</translation>
    </message>
    <message>
        <source>Delete some files from it or use another USB stick.</source>
        <translation>Hãy xóa bớt tệp trên đó hoặc dùng USB khác.</translation>
    </message>
    <message>
        <source>Destination folder</source>
        <translation>Thư mục ghi tệp</translation>
    </message>
    <message>
        <source>Dossiers rejected by upstream</source>
        <translation>Hồ sơ bị cấp trên từ chối</translation>
    </message>
    <message>
        <source>Dossiers: {done} of {total}</source>
        <translation>Hồ sơ: {done}/{total}</translation>
    </message>
    <message>
        <source>Double-click a dossier to open it and deal with the reason given; a dossier you correct is sent again with the next export.</source>
        <translation>Nhấp đúp vào một hồ sơ để mở và xử lý theo lý do cấp trên nêu; hồ sơ đã sửa sẽ được gửi lại trong lần kết xuất sau.</translation>
    </message>
    <message>
        <source>End-of-day export</source>
        <translation>Kết xuất cuối ngày</translation>
    </message>
    <message>
        <source>Export No. {number} written and verified:
{path}
{dossiers} dossiers, {steps} steps · SHA-256 {sha}
Safely remove the USB stick and take the file to upstream.</source>
        <translation>Đã ghi và kiểm tra tệp kết xuất số {number}:
{path}
{dossiers} hồ sơ, {steps} bước xử lý · SHA-256 {sha}
Hãy tháo USB an toàn rồi gửi tệp cho cấp trên.</translation>
    </message>
    <message>
        <source>Exporting… do not remove the USB stick.</source>
        <translation>Đang kết xuất… không rút USB ra.</translation>
    </message>
    <message>
        <source>Last export</source>
        <translation>Lần kết xuất gần nhất</translation>
    </message>
    <message>
        <source>No backup passphrase is set, so the signing key was left out (the administrator sets one in Settings → Backup and restore).</source>
        <translation>Chưa đặt mật khẩu sao lưu nên không chép khóa ký (quản trị viên đặt mật khẩu trong Cài đặt → Sao lưu và phục hồi).</translation>
    </message>
    <message>
        <source>No dossier has changed since the last export: nothing to export.</source>
        <translation>Không có hồ sơ nào thay đổi kể từ lần kết xuất trước: không có gì để kết xuất.</translation>
    </message>
    <message>
        <source>No. {number} – {moment} – {dossiers} dossiers, {steps} steps
File: {file}
Folder: {folder}</source>
        <translation>Số {number} – {moment} – {dossiers} hồ sơ, {steps} bước xử lý
Tệp: {file}
Thư mục: {folder}</translation>
    </message>
    <message>
        <source>Not exported before.</source>
        <translation>Chưa kết xuất lần nào.</translation>
    </message>
    <message>
        <source>Nothing changed since the last export: no new file was written.</source>
        <translation>Không có gì thay đổi kể từ lần kết xuất trước: không ghi tệp mới.</translation>
    </message>
    <message>
        <source>Nothing was recorded and the desk&apos;s data is unchanged: you can simply try again.</source>
        <translation>Chưa có gì được ghi nhận, dữ liệu của quầy vẫn nguyên vẹn: có thể thử lại.</translation>
    </message>
    <message>
        <source>Plug in the USB stick and choose a folder on it.</source>
        <translation>Cắm USB vào máy rồi chọn một thư mục trên USB.</translation>
    </message>
    <message>
        <source>Plug the USB stick in again and choose the folder again.</source>
        <translation>Hãy cắm lại USB rồi chọn lại thư mục.</translation>
    </message>
    <message>
        <source>Reading the changed dossiers…</source>
        <translation>Đang đọc các hồ sơ đã thay đổi…</translation>
    </message>
    <message>
        <source>Slide the USB stick&apos;s lock switch off, or choose another folder.</source>
        <translation>Hãy gạt khóa chống ghi trên USB sang vị trí mở, hoặc chọn thư mục khác.</translation>
    </message>
    <message>
        <source>Steps: {done}…</source>
        <translation>Bước xử lý: {done}…</translation>
    </message>
    <message>
        <source>The USB stick may be faulty: try another one.</source>
        <translation>USB có thể bị hỏng: hãy thử USB khác.</translation>
    </message>
    <message>
        <source>The backup onto the USB stick FAILED ({folder}): {reason}
The export above was written and verified all the same; back up again from Settings → Backup and restore.</source>
        <translation>Sao lưu lên USB KHÔNG thành công ({folder}): {reason}
Bản kết xuất ở trên vẫn đã được ghi và kiểm tra; hãy sao lưu lại trong Cài đặt → Sao lưu và phục hồi.</translation>
    </message>
    <message>
        <source>The export was NOT written to {folder}: {reason}.</source>
        <translation>CHƯA kết xuất được vào {folder}: {reason}.</translation>
    </message>
    <message>
        <source>The signing key is in it, locked with the backup passphrase.</source>
        <translation>Có khóa ký, được khóa bằng mật khẩu sao lưu.</translation>
    </message>
    <message>
        <source>This export will carry</source>
        <translation>Lần kết xuất này sẽ gồm</translation>
    </message>
    <message>
        <source>Total dossiers: {count}</source>
        <translation>Tổng số hồ sơ: {count}</translation>
    </message>
    <message>
        <source>Write the dossiers changed since the last export to a signed file for upstream (the provincial administrative-procedure system).</source>
        <translation>Ghi các hồ sơ đã thay đổi kể từ lần kết xuất trước vào một tệp có chữ ký số để gửi cấp trên (Hệ thống thông tin giải quyết thủ tục hành chính cấp tỉnh).</translation>
    </message>
    <message>
        <source>it is not a folder (a file has that name)</source>
        <translation>đây không phải là thư mục (có một tệp trùng tên)</translation>
    </message>
    <message>
        <source>it is read-only or you have no permission to write there</source>
        <translation>nơi này chỉ cho phép đọc hoặc không có quyền ghi</translation>
    </message>
    <message>
        <source>the disk or USB stick is full</source>
        <translation>ổ đĩa hoặc USB đã đầy</translation>
    </message>
    <message>
        <source>the file read back from it differs from what was written</source>
        <translation>tệp đọc lại không khớp với nội dung đã ghi</translation>
    </message>
    <message>
        <source>the folder is gone (was the USB stick pulled out?)</source>
        <translation>không còn thấy thư mục (USB đã bị rút ra?)</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>&amp;Agency code:</source>
        <translation>Mã định danh &amp;cơ quan:</translation>
    </message>
    <message>
        <source>&amp;Backups:</source>
        <translation>Thư mục &amp;sao lưu:</translation>
    </message>
    <message>
        <source>&amp;Commune or ward:</source>
        <translation>&amp;Xã, phường:</translation>
    </message>
    <message>
        <source>&amp;Desk number:</source>
        <translation>Số hiệu &amp;quầy:</translation>
    </message>
    <message>
        <source>&amp;Files to send upstream:</source>
        <translation>Thư mục tệp &amp;gửi lên tỉnh:</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>&amp;Hoàn tất</translation>
    </message>
    <message>
        <source>&amp;Head of the agency:</source>
        <translation>&amp;Thủ trưởng cơ quan:</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>&amp;Tiếp &gt;</translation>
    </message>
    <message>
        <source>&amp;PIN (optional):</source>
        <translation>Mã &amp;PIN (không bắt buộc):</translation>
    </message>
    <message>
        <source>&amp;Province:</source>
        <translation>&amp;Tỉnh, thành phố:</translation>
    </message>
    <message>
        <source>4 to 8 digits, asked when signing in at the desk. Leave empty for none.</source>
        <translation>Từ 4 đến 8 chữ số, được hỏi khi đăng nhập vào quầy. Để trống nếu không dùng.</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; &amp;Quay lại</translation>
    </message>
    <message>
        <source>A made-up office with sample dossiers, in its own folder {folder}: nothing done there touches the real desk. Open it from the Start menu (“OneStop Desktop - practice office”) or by starting the program with --demo.</source>
        <translation>Một cơ quan giả định có sẵn hồ sơ mẫu, nằm trong thư mục riêng {folder}: mọi thao tác ở đó không ảnh hưởng đến quầy thật. Mở bằng lối tắt “OneStop Desktop - practice office” trong menu Start, hoặc chạy chương trình với tham số --demo.</translation>
    </message>
    <message>
        <source>A4 (whole sheet)</source>
        <translation>A4 (nguyên tờ)</translation>
    </message>
    <message>
        <source>A5 (half a sheet, usual for slips)</source>
        <translation>A5 (nửa tờ, thường dùng cho phiếu)</translation>
    </message>
    <message>
        <source>Agency &amp;name:</source>
        <translation>&amp;Tên cơ quan:</translation>
    </message>
    <message>
        <source>Also make a demo office to practise on</source>
        <translation>Tạo thêm một cơ quan mẫu để thực hành</translation>
    </message>
    <message>
        <source>Backups are made every day; the files for the provincial system are written at the end of the day. Both folders must be writable.</source>
        <translation>Bản sao lưu được tạo hằng ngày; tệp gửi lên hệ thống của tỉnh được ghi vào cuối ngày. Cả hai thư mục phải ghi được.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Choose another folder than the backups&apos;: the files to send upstream are handed on, the backups stay.</source>
        <translation>Hãy chọn thư mục khác thư mục sao lưu: tệp gửi lên tỉnh sẽ được chuyển đi, còn bản sao lưu thì giữ lại.</translation>
    </message>
    <message>
        <source>Choose the commune or ward from the list of the province chosen.</source>
        <translation>Hãy chọn xã, phường trong danh sách của tỉnh đã chọn.</translation>
    </message>
    <message>
        <source>Choose the province from the list (type part of its name to search).</source>
        <translation>Hãy chọn tỉnh, thành phố trong danh sách (gõ một phần tên để tìm).</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <source>Default: {folder}</source>
        <translation>Mặc định: {folder}</translation>
    </message>
    <message>
        <source>Desk:</source>
        <translation>Quầy:</translation>
    </message>
    <message>
        <source>Desks are numbered from 1. When several desks receive dossiers, give each its own number: their dossier codes never collide.</source>
        <translation>Các quầy được đánh số từ 1. Khi nhiều quầy cùng tiếp nhận hồ sơ, mỗi quầy một số riêng để mã hồ sơ không bao giờ trùng nhau.</translation>
    </message>
    <message>
        <source>Enter the agency&apos;s name, e.g. UBND xã Tân Hưng.</source>
        <translation>Cần nhập tên cơ quan, ví dụ: UBND xã Tân Hưng.</translation>
    </message>
    <message>
        <source>Enter the place name printed before the date, e.g. Tân Hưng.</source>
        <translation>Cần nhập địa danh in trước ngày tháng, ví dụ: Tân Hưng.</translation>
    </message>
    <message>
        <source>Full na&amp;me:</source>
        <translation>&amp;Họ và tên:</translation>
    </message>
    <message>
        <source>Head&apos;s &amp;title (signature):</source>
        <translation>&amp;Chức danh người ký:</translation>
    </message>
    <message>
        <source>Key fingerprint:</source>
        <translation>Dấu vân tay khóa:</translation>
    </message>
    <message>
        <source>No printer is installed on this computer: slips are saved as PDF files until one is.</source>
        <translation>Máy tính này chưa cài máy in: phiếu được lưu thành tệp PDF cho đến khi có máy in.</translation>
    </message>
    <message>
        <source>No printer: save slips as PDF</source>
        <translation>Không có máy in: lưu phiếu thành PDF</translation>
    </message>
    <message>
        <source>Nothing has been saved yet. Check the summary, then press Finish to set the desk up.</source>
        <translation>Chưa có gì được lưu. Hãy kiểm tra phần tóm tắt rồi bấm Hoàn tất để thiết lập quầy.</translation>
    </message>
    <message>
        <source>Office &amp;type:</source>
        <translation>&amp;Loại cơ quan:</translation>
    </message>
    <message>
        <source>OneStop – Set up this desk</source>
        <translation>OneStop – Thiết lập quầy tiếp nhận</translation>
    </message>
    <message>
        <source>P&amp;lace name on forms:</source>
        <translation>Đị&amp;a danh trên biểu mẫu:</translation>
    </message>
    <message>
        <source>PIN a&amp;gain:</source>
        <translation>&amp;Nhập lại mã PIN:</translation>
    </message>
    <message>
        <source>Pape&amp;r:</source>
        <translation>&amp;Khổ giấy:</translation>
    </message>
    <message>
        <source>Printed before the date, e.g. “Tân Hưng, ngày 25 tháng 11 năm 2026”.</source>
        <translation>In trước ngày tháng, ví dụ: “Tân Hưng, ngày 25 tháng 11 năm 2026”.</translation>
    </message>
    <message>
        <source>Printer and paper</source>
        <translation>Máy in và khổ giấy</translation>
    </message>
    <message>
        <source>Public key:</source>
        <translation>Khóa công khai:</translation>
    </message>
    <message>
        <source>Register the desk upstream</source>
        <translation>Đăng ký quầy với hệ thống của tỉnh</translation>
    </message>
    <message>
        <source>Send the desk and its public key to the provincial system&apos;s administrator; compare the fingerprint on the phone. Until it is registered, upstream refuses this desk&apos;s files.</source>
        <translation>Gửi mã quầy và khóa công khai cho quản trị hệ thống của tỉnh; đối chiếu dấu vân tay khóa qua điện thoại. Khi chưa được đăng ký, hệ thống của tỉnh từ chối các tệp của quầy này.</translation>
    </message>
    <message>
        <source>Step {n} of {total}</source>
        <translation>Bước {n}/{total}</translation>
    </message>
    <message>
        <source>T&amp;itle:</source>
        <translation>C&amp;hức vụ:</translation>
    </message>
    <message>
        <source>The first clerk (also the desk&apos;s administrator)</source>
        <translation>Cán bộ đầu tiên (đồng thời là quản trị quầy)</translation>
    </message>
    <message>
        <source>The office</source>
        <translation>Cơ quan</translation>
    </message>
    <message>
        <source>The office&apos;s electronic identifier given by the province; it starts every dossier code.</source>
        <translation>Mã định danh điện tử của cơ quan do tỉnh cấp; đứng đầu mọi mã hồ sơ.</translation>
    </message>
    <message>
        <source>The printer and copies are remembered on this PC; they can be changed later in Settings or when printing.</source>
        <translation>Máy in và số bản in được ghi nhớ trên máy tính này; có thể đổi sau trong Cài đặt hoặc khi in.</translation>
    </message>
    <message>
        <source>The two PINs differ: type the same PIN twice.</source>
        <translation>Hai mã PIN khác nhau: hãy nhập cùng một mã PIN hai lần.</translation>
    </message>
    <message>
        <source>This computer has no desk yet. Enter the office this desk belongs to; it appears on every printed form.</source>
        <translation>Máy tính này chưa có quầy. Hãy nhập cơ quan mà quầy này thuộc về; thông tin này được in trên mọi biểu mẫu.</translation>
    </message>
    <message>
        <source>This desk and its first clerk</source>
        <translation>Quầy này và cán bộ đầu tiên</translation>
    </message>
    <message>
        <source>This desk&apos;s key, to register upstream</source>
        <translation>Khóa của quầy, để đăng ký với hệ thống của tỉnh</translation>
    </message>
    <message>
        <source>This is the office&apos;s only desk</source>
        <translation>Đây là quầy duy nhất của cơ quan</translation>
    </message>
    <message>
        <source>Type to search…</source>
        <translation>Gõ để tìm…</translation>
    </message>
    <message>
        <source>Where backups and exports go</source>
        <translation>Nơi lưu bản sao lưu và tệp xuất</translation>
    </message>
    <message>
        <source>Where slips are printed, and on which paper.</source>
        <translation>Phiếu được in ở máy in nào, trên khổ giấy nào.</translation>
    </message>
    <message>
        <source>Which desk this is, and who works at it first.</source>
        <translation>Đây là quầy số mấy, và ai làm việc ở quầy đầu tiên.</translation>
    </message>
    <message>
        <source>e.g. 000.00.01.H56</source>
        <translation>ví dụ: 000.00.01.H56</translation>
    </message>
    <message>
        <source>e.g. Công chức Văn phòng - Thống kê</source>
        <translation>ví dụ: Công chức Văn phòng - Thống kê</translation>
    </message>
    <message>
        <source>e.g. Nguyễn Văn Hùng</source>
        <translation>ví dụ: Nguyễn Văn Hùng</translation>
    </message>
    <message>
        <source>e.g. UBND xã Tân Hưng</source>
        <translation>ví dụ: UBND xã Tân Hưng</translation>
    </message>
    <message>
        <source>{agency} ({code}), {commune}, {province}. Desk {desk}; first clerk: {clerk}. Printer: {printer}, paper {paper}.</source>
        <translation>{agency} ({code}), {commune}, {province}. Quầy số {desk}; cán bộ đầu tiên: {clerk}. Máy in: {printer}, khổ giấy {paper}.</translation>
    </message>
</context>
<context>
    <name>GuideWindow</name>
    <message>
        <source>&amp;Contents</source>
        <translation>&amp;Mục lục</translation>
    </message>
    <message>
        <source>User guide – OneStop</source>
        <translation>Hướng dẫn sử dụng – OneStop</translation>
    </message>
    <message>
        <source>The user guide could not be opened: {path} ({error}).</source>
        <translation>Không mở được hướng dẫn sử dụng: {path} ({error}).</translation>
    </message>
    <message>
        <source>← &amp;Back</source>
        <translation>← &amp;Quay lại</translation>
    </message>
</context>
<context>
    <name>HandOverDialog</name>
    <message>
        <source>&amp;Find an officer:</source>
        <translation>&amp;Tìm cán bộ:</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Ghi chú:</translation>
    </message>
    <message>
        <source>Hand over to a processing officer</source>
        <translation>Chuyển hồ sơ cho cán bộ xử lý</translation>
    </message>
    <message>
        <source>Hand {count} dossier(s) ({codes}) to:</source>
        <translation>Chuyển {count} hồ sơ ({codes}) cho:</translation>
    </message>
    <message>
        <source>Handles this field of procedures</source>
        <translation>Phụ trách lĩnh vực của thủ tục này</translation>
    </message>
    <message>
        <source>Type part of a name</source>
        <translation>Gõ một phần họ tên</translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message>
        <source> set(s)</source>
        <translation> bộ</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>Đị&amp;a chỉ:</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;Email:</translation>
    </message>
    <message>
        <source>&amp;Full name:</source>
        <translation>&amp;Họ và tên:</translation>
    </message>
    <message>
        <source>&amp;Number of sets:</source>
        <translation>Số &amp;bộ hồ sơ:</translation>
    </message>
    <message>
        <source>&amp;Procedure:</source>
        <translation>&amp;Thủ tục:</translation>
    </message>
    <message>
        <source>&amp;Result returned:</source>
        <translation>Nhận &amp;kết quả:</translation>
    </message>
    <message>
        <source>12 digits</source>
        <translation>12 chữ số</translation>
    </message>
    <message>
        <source>Administrative procedure</source>
        <translation>Thủ tục hành chính</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Người nộp hồ sơ</translation>
    </message>
    <message>
        <source>Applied before? Choose to fill in (Enter or double-click):</source>
        <translation>Đã từng nộp hồ sơ? Chọn để điền (Enter hoặc nhấp đúp):</translation>
    </message>
    <message>
        <source>At the one-stop office</source>
        <translation>Tại Bộ phận Một cửa</translation>
    </message>
    <message>
        <source>By post</source>
        <translation>Qua bưu chính</translation>
    </message>
    <message>
        <source>Chec&amp;klist of papers</source>
        <translation>Thành &amp;phần hồ sơ</translation>
    </message>
    <message>
        <source>Choose a procedure from the list (type its code or name).</source>
        <translation>Chọn thủ tục trong danh sách (gõ mã hoặc tên thủ tục).</translation>
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
        <source>Continuing the dossier being typed: nothing typed was lost. It is kept until it is saved or you start a new one.</source>
        <translation>Đang tiếp tục hồ sơ đang nhập dở: không mất gì đã nhập. Bản nháp được giữ cho đến khi lưu hồ sơ hoặc bắt đầu hồ sơ mới.</translation>
    </message>
    <message>
        <source>Ctrl+Enter or F9: save and print the slip · Ctrl+S: save only · Ctrl+N: new</source>
        <translation>Ctrl+Enter hoặc F9: lưu và in phiếu hẹn · Ctrl+S: chỉ lưu · Ctrl+N: nhập hồ sơ mới</translation>
    </message>
    <message>
        <source>Discard it and start a &amp;new dossier</source>
        <translation>Bỏ bản nháp, nhập hồ sơ &amp;mới</translation>
    </message>
    <message>
        <source>Discard the dossier being typed?</source>
        <translation>Bỏ hồ sơ đang nhập dở?</translation>
    </message>
    <message>
        <source>Filled in from an earlier dossier</source>
        <translation>Đã điền thông tin từ hồ sơ trước</translation>
    </message>
    <message>
        <source>ID number of another person?</source>
        <translation>Số định danh của người khác?</translation>
    </message>
    <message>
        <source>ID …{last}</source>
        <translation>CCCD …{last}</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>Trực tiếp</translation>
    </message>
    <message>
        <source>No procedure chosen yet.</source>
        <translation>Chưa chọn thủ tục.</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Trực tuyến</translation>
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
        <source>Received a&amp;t:</source>
        <translation>Nhận hồ sơ &amp;lúc:</translation>
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
        <source>Submitted &amp;via:</source>
        <translation>Hình thức &amp;nộp:</translation>
    </message>
    <message>
        <source>The dossier being typed has not been saved. Discard what was typed and start a new dossier?</source>
        <translation>Hồ sơ đang nhập chưa được lưu. Bỏ những gì đã nhập và bắt đầu hồ sơ mới?</translation>
    </message>
    <message>
        <source>This ID number was given before for {other}, not for {name}. Check the ID paper: save it for {name} anyway?</source>
        <translation>Số định danh này trước đây đã được ghi cho {other}, không phải {name}. Hãy kiểm tra lại giấy tờ: vẫn lưu cho {name}?</translation>
    </message>
    <message>
        <source>born {year}</source>
        <translation>sinh {year}</translation>
    </message>
    <message>
        <source>e.g. 0912 345 678</source>
        <translation>ví dụ: 0912 345 678</translation>
    </message>
    <message>
        <source>e.g. Nguyễn Thị Ánh</source>
        <translation>ví dụ: Nguyễn Thị Ánh</translation>
    </message>
    <message>
        <source>house number, street, village, commune</source>
        <translation>số nhà, đường, thôn/ấp, xã/phường</translation>
    </message>
    <message>
        <source>none</source>
        <translation>không</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>không bắt buộc</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;About OneStop</source>
        <translation>&amp;Giới thiệu</translation>
    </message>
    <message>
        <source>&amp;Backup and restore…</source>
        <translation>Sao &amp;lưu và phục hồi…</translation>
    </message>
    <message>
        <source>&amp;Check the audit log</source>
        <translation>&amp;Kiểm tra nhật ký thay đổi</translation>
    </message>
    <message>
        <source>&amp;Dossier</source>
        <translation>Hồ &amp;sơ</translation>
    </message>
    <message>
        <source>&amp;End-of-day export…</source>
        <translation>&amp;Kết xuất cuối ngày…</translation>
    </message>
    <message>
        <source>&amp;Find a dossier</source>
        <translation>Tìm hồ &amp;sơ</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Trợ &amp;giúp</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Ngôn ngữ</translation>
    </message>
    <message>
        <source>&amp;New dossier</source>
        <translation>Tiếp nhận hồ sơ &amp;mới</translation>
    </message>
    <message>
        <source>&amp;Office information…</source>
        <translation>&amp;Thông tin đơn vị…</translation>
    </message>
    <message>
        <source>&amp;Open a dossier by code…</source>
        <translation>Mở hồ sơ th&amp;eo mã…</translation>
    </message>
    <message>
        <source>&amp;Reprint an appointment slip…</source>
        <translation>&amp;In lại phiếu hẹn…</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Cài đặt</translation>
    </message>
    <message>
        <source>&amp;Staff and officers…</source>
        <translation>Cán bộ, công &amp;chức…</translation>
    </message>
    <message>
        <source>A dossier was being typed when the program last stopped; it was kept. Press Ctrl+N to go on with it.</source>
        <translation>Lần trước chương trình dừng khi đang nhập dở một hồ sơ; hồ sơ đó đã được giữ lại. Nhấn Ctrl+N để nhập tiếp.</translation>
    </message>
    <message>
        <source>Agency {code} · Desk {station}</source>
        <translation>Đơn vị {code} · Quầy số {station}</translation>
    </message>
    <message>
        <source>Audit &amp;log…</source>
        <translation>&amp;Nhật ký thay đổi…</translation>
    </message>
    <message>
        <source>C&amp;hange clerk…</source>
        <translation>Đổi người &amp;trực…</translation>
    </message>
    <message>
        <source>Clerk: {name}</source>
        <translation>Cán bộ tiếp nhận: {name}</translation>
    </message>
    <message>
        <source>Daily &amp;board</source>
        <translation>&amp;Bảng theo dõi hằng ngày</translation>
    </message>
    <message>
        <source>Daily backup written and checked ({dossiers} dossiers).</source>
        <translation>Đã sao lưu hằng ngày và kiểm tra bản sao ({dossiers} hồ sơ).</translation>
    </message>
    <message>
        <source>Dossier code (type it or scan the slip&apos;s barcode):</source>
        <translation>Mã hồ sơ (gõ hoặc quét mã vạch trên phiếu):</translation>
    </message>
    <message>
        <source>Dossier {code} received.</source>
        <translation>Đã tiếp nhận hồ sơ {code}.</translation>
    </message>
    <message>
        <source>E&amp;xit</source>
        <translation>&amp;Thoát</translation>
    </message>
    <message>
        <source>Import upstream&apos;s &amp;acknowledgement…</source>
        <translation>&amp;Nhập tệp xác nhận từ cấp trên…</translation>
    </message>
    <message>
        <source>No dossier has the code “{code}”.</source>
        <translation>Không tìm thấy hồ sơ có mã “{code}”.</translation>
    </message>
    <message>
        <source>On duty: {name}</source>
        <translation>Người trực: {name}</translation>
    </message>
    <message>
        <source>OneStop – One-stop office – {agency}</source>
        <translation>OneStop – Bộ phận Một cửa – {agency}</translation>
    </message>
    <message>
        <source>Open a dossier</source>
        <translation>Mở hồ sơ</translation>
    </message>
    <message>
        <source>Re&amp;ports…</source>
        <translation>Báo &amp;cáo…</translation>
    </message>
    <message>
        <source>Reprint an appointment slip</source>
        <translation>In lại phiếu hẹn</translation>
    </message>
    <message>
        <source>The dossier being typed is kept: Ctrl+N goes back to it.</source>
        <translation>Hồ sơ đang nhập dở được giữ lại: nhấn Ctrl+N để quay lại nhập tiếp.</translation>
    </message>
    <message>
        <source>Toolbar</source>
        <translation>Thanh công cụ</translation>
    </message>
    <message>
        <source>the office can list its people in Settings → Staff</source>
        <translation>đơn vị có thể nhập danh sách cán bộ trong Cài đặt → Cán bộ, công chức</translation>
    </message>
    <message>
        <source>{name} is now at the desk.</source>
        <translation>{name} đang trực tại bộ phận một cửa.</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>&amp;Hướng dẫn sử dụng</translation>
    </message>
    <message>
        <source>Send a &amp;bug report…</source>
        <translation>Gửi &amp;báo cáo lỗi…</translation>
    </message>
</context>
<context>
    <name>MonthCharts</name>
    <message>
        <source>Late dossiers apologised in time</source>
        <translation>Hồ sơ trễ hạn được xin lỗi kịp thời</translation>
    </message>
    <message>
        <source>On-time rate</source>
        <translation>Tỷ lệ đúng hạn</translation>
    </message>
    <message>
        <source>On-time rate and apology rate by month (%)</source>
        <translation>Tỷ lệ đúng hạn và tỷ lệ xin lỗi kịp thời theo tháng (%)</translation>
    </message>
    <message>
        <source>Pending at the month's end</source>
        <translation>Đang giải quyết cuối tháng</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Tiếp nhận mới</translation>
    </message>
    <message>
        <source>Received, resolved and pending by month</source>
        <translation>Hồ sơ tiếp nhận, đã giải quyết và đang giải quyết theo tháng</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Đã giải quyết</translation>
    </message>
</context>
<context>
    <name>MonthTrend</name>
    <message>
        <source>Last {n} months ({first} – {last}): finished by the due date {on_time} · late dossiers apologised in time {apology}</source>
        <translation>{n} tháng gần nhất ({first} – {last}): giải quyết xong đúng hạn {on_time} · hồ sơ trễ hạn được xin lỗi kịp thời {apology}</translation>
    </message>
    <message>
        <source>{month}: on time {on_time} · apologised in time {apology}</source>
        <translation>{month}: đúng hạn {on_time} · xin lỗi kịp thời {apology}</translation>
    </message>
</context>
<context>
    <name>NewPassphraseDialog</name>
    <message>
        <source>Backups written to a USB stick will hold the signing key locked with this passphrase; the desk keeps only a public key made from it. Keep the passphrase safe (not on this PC): it is needed to restore such a backup.</source>
        <translation>Bản sao lưu ghi ra USB sẽ có khóa ký được khóa bằng mật khẩu này; máy chỉ giữ một khóa công khai tạo từ mật khẩu. Hãy cất giữ mật khẩu cẩn thận (không lưu trên máy này): cần nó để phục hồi từ các bản sao lưu đó.</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>Mật khẩu:</translation>
    </message>
    <message>
        <source>Set the backup passphrase</source>
        <translation>Đặt mật khẩu sao lưu</translation>
    </message>
    <message>
        <source>The two passphrases differ: type the same one twice.</source>
        <translation>Hai lần nhập mật khẩu không khớp: hãy nhập cùng một mật khẩu hai lần.</translation>
    </message>
    <message>
        <source>Type it again:</source>
        <translation>Nhập lại:</translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message>
        <source>An interrupted export had not finished writing, so it was cancelled; nothing was sent upstream, and the next export will carry everything.</source>
        <translation>Lần kết xuất bị gián đoạn chưa ghi xong nên đã được hủy; chưa có gì gửi lên cấp trên, lần kết xuất tới sẽ gửi đủ.</translation>
    </message>
    <message>
        <source>Close this message</source>
        <translation>Đóng thông báo này</translation>
    </message>
    <message>
        <source>Export number {seq}, interrupted last time, could not be checked ({detail}). The next export will not start until it is: check the computer&apos;s disk, then open Dossier → End-of-day export again.</source>
        <translation>Lần kết xuất số {seq} bị gián đoạn lần trước chưa kiểm tra được ({detail}). Lần kết xuất tới sẽ chưa bắt đầu cho đến khi kiểm tra xong: hãy kiểm tra ổ đĩa của máy rồi mở lại Hồ sơ → Kết xuất cuối ngày.</translation>
    </message>
    <message>
        <source>Export number {seq}, interrupted last time, has been recorded.</source>
        <translation>Lần kết xuất số {seq} bị gián đoạn lần trước đã được ghi nhận.</translation>
    </message>
    <message>
        <source>Its file did not reach the USB stick ({folder}): plug the stick in and copy {file} onto it from the desk&apos;s copy in {archive}, then take it upstream as usual.</source>
        <translation>Tệp của lần này chưa được ghi ra USB ({folder}): hãy cắm USB rồi chép lại tệp {file} từ bản lưu của máy trong thư mục {archive} sang USB, rồi mang lên cấp trên như thường lệ.</translation>
    </message>
    <message>
        <source>The database {path} is damaged. Stop receiving dossiers and restore the latest good backup: Settings → Backup and restore.</source>
        <translation>Cơ sở dữ liệu {path} bị hỏng. Hãy ngừng tiếp nhận hồ sơ và phục hồi bản sao lưu tốt gần nhất: Cài đặt → Sao lưu và phục hồi.</translation>
    </message>
    <message>
        <source>This database is read-only ({path}): you can view, search and print, but receiving, moving dossiers and exporting are turned off. To work, copy the file to a folder you can write to and open it from there, or open the desk&apos;s own database.</source>
        <translation>Cơ sở dữ liệu này chỉ cho phép đọc ({path}): vẫn xem, tìm và in được, nhưng tiếp nhận, chuyển bước hồ sơ và kết xuất đã bị tắt. Để làm việc, hãy chép tệp sang thư mục ghi được rồi mở từ đó, hoặc mở cơ sở dữ liệu của chính máy này.</translation>
    </message>
</context>
<context>
    <name>OfficerTab</name>
    <message>
        <source>Applicant</source>
        <translation>Người nộp</translation>
    </message>
    <message>
        <source>By officer ({overdue} overdue)</source>
        <translation>Theo cán bộ ({overdue} quá hạn)</translation>
    </message>
    <message>
        <source>Choose an officer to list their dossiers.</source>
        <translation>Chọn một cán bộ để xem danh sách hồ sơ.</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Mã hồ sơ</translation>
    </message>
    <message>
        <source>Counted at {moment}; “due” runs to the close of the next working day, {until}. Enter or double-click an officer to list their dossiers.</source>
        <translation>Số liệu lúc {moment}; “đến hạn” tính đến hết ngày làm việc tiếp theo, {until}. Nhấn Enter hoặc nhấp đúp vào một cán bộ để xem danh sách hồ sơ.</translation>
    </message>
    <message>
        <source>Dossiers of {name} ({count}), the earliest due first:</source>
        <translation>Hồ sơ của {name} ({count}), hạn sớm nhất trước:</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Hẹn trả</translation>
    </message>
    <message>
        <source>Due by the next working day</source>
        <translation>Đến hạn đến hết ngày làm việc tiếp theo</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Đang giữ</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>Cán bộ xử lý</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Quá hạn</translation>
    </message>
    <message>
        <source>Print for the weekly meeting…</source>
        <translation>In cho cuộc họp giao ban tuần…</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>The PDF could not be written: {error}</source>
        <translation>Không ghi được tệp PDF: {error}</translation>
    </message>
    <message>
        <source>Title, unit</source>
        <translation>Chức danh, đơn vị</translation>
    </message>
</context>
<context>
    <name>PeopleDialog</name>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Thêm…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>Đó&amp;ng</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Xóa</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Sửa…</translation>
    </message>
    <message>
        <source>Clerks at the one-stop desk, officers who process dossiers and signers. A person named in a dossier&apos;s history can be retired, not deleted: they stay in that history.</source>
        <translation>Người tiếp nhận tại bộ phận một cửa, công chức chuyên môn giải quyết hồ sơ và người ký. Người đã có tên trong lịch sử hồ sơ chỉ có thể cho nghỉ, không xóa được: tên của họ vẫn giữ trong lịch sử đó.</translation>
    </message>
    <message>
        <source>Delete a person</source>
        <translation>Xóa một người</translation>
    </message>
    <message>
        <source>Delete {name}? Only someone added by mistake should be deleted.</source>
        <translation>Xóa {name}? Chỉ nên xóa người đã được thêm nhầm.</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>Lĩnh vực</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>Mã PIN</translation>
    </message>
    <message>
        <source>Re&amp;store</source>
        <translation>&amp;Khôi phục</translation>
    </message>
    <message>
        <source>Re&amp;tire</source>
        <translation>Cho &amp;nghỉ</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>Đã nghỉ</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <source>Show re&amp;tired people</source>
        <translation>Hiện cả người đã ng&amp;hỉ</translation>
    </message>
    <message>
        <source>Staff and officers</source>
        <translation>Cán bộ, công chức</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Chức danh</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Đơn vị</translation>
    </message>
    <message>
        <source>no</source>
        <translation>không</translation>
    </message>
    <message>
        <source>retired {day}</source>
        <translation>nghỉ từ {day}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>có</translation>
    </message>
</context>
<context>
    <name>PersonForm</name>
    <message>
        <source>&amp;Full name:</source>
        <translation>&amp;Họ và tên:</translation>
    </message>
    <message>
        <source>&amp;PIN (4–8 digits):</source>
        <translation>Mã &amp;PIN (4–8 chữ số):</translation>
    </message>
    <message>
        <source>&amp;Remove the PIN</source>
        <translation>&amp;Bỏ mã PIN</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Chức danh:</translation>
    </message>
    <message>
        <source>&amp;Unit:</source>
        <translation>Đơn &amp;vị, phòng ban:</translation>
    </message>
    <message>
        <source>Add a person</source>
        <translation>Thêm cán bộ</translation>
    </message>
    <message>
        <source>Edit a person</source>
        <translation>Sửa thông tin cán bộ</translation>
    </message>
    <message>
        <source>Fields handled (officers)</source>
        <translation>Lĩnh vực phụ trách (công chức chuyên môn)</translation>
    </message>
    <message>
        <source>None ticked: an officer handles every field.</source>
        <translation>Không chọn lĩnh vực nào: công chức phụ trách mọi lĩnh vực.</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <source>leave empty to keep the PIN</source>
        <translation>để trống thì giữ nguyên mã PIN</translation>
    </message>
    <message>
        <source>optional; leave empty for none</source>
        <translation>không bắt buộc; để trống nếu không dùng mã PIN</translation>
    </message>
</context>
<context>
    <name>PrinterChoice</name>
    <message>
        <source>the printer is no longer installed</source>
        <translation>máy in không còn được cài trên máy tính này</translation>
    </message>
    <message>
        <source>the printer is offline</source>
        <translation>máy in đang mất kết nối (ngoại tuyến)</translation>
    </message>
    <message>
        <source>the printer is stopped (paused)</source>
        <translation>máy in đang dừng (tạm ngưng)</translation>
    </message>
    <message>
        <source>the printer is not accepting print jobs</source>
        <translation>máy in không nhận lệnh in</translation>
    </message>
    <message>
        <source>the printer is out of paper</source>
        <translation>máy in hết giấy</translation>
    </message>
    <message>
        <source>the paper is jammed in the printer</source>
        <translation>máy in bị kẹt giấy</translation>
    </message>
</context>
<context>
    <name>PrinterChoiceWidget</name>
    <message>
        <source>Printer:</source>
        <translation>Máy in:</translation>
    </message>
    <message>
        <source>Copies:</source>
        <translation>Số bản in:</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>P&amp;rinter…</source>
        <translation>Chọn &amp;máy in…</translation>
    </message>
    <message>
        <source>Printer: asked when printing</source>
        <translation>Máy in: hỏi khi in</translation>
    </message>
    <message>
        <source>Printer: {printer}, {copies} copies</source>
        <translation>Máy in: {printer}, {copies} bản</translation>
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
        <source>No printer is installed on this computer.</source>
        <translation>Máy tính này chưa cài đặt máy in nào.</translation>
    </message>
    <message>
        <source>No printer is installed on this computer: save the form as PDF.</source>
        <translation>Máy tính này chưa cài đặt máy in: hãy lưu phiếu thành tệp PDF.</translation>
    </message>
    <message>
        <source>Not printed before.</source>
        <translation>Chưa in lần nào.</translation>
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
        <source>Printed</source>
        <translation>Đã in</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>Đang in…</translation>
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
        <source>Zoom in (Ctrl++)</source>
        <translation>Phóng to (Ctrl++)</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+−)</source>
        <translation>Thu nhỏ (Ctrl+−)</translation>
    </message>
    <message>
        <source>{form} – {code}</source>
        <translation>{form} – {code}</translation>
    </message>
</context>
<context>
    <name>PrintFlow</name>
    <message>
        <source>The form was NOT printed: {problem} (“{printer}”). Put it right, then try again — or save the form as PDF.</source>
        <translation>Phiếu CHƯA được in: {problem} (“{printer}”). Hãy khắc phục rồi in lại — hoặc lưu phiếu thành tệp PDF.</translation>
    </message>
    <message>
        <source>Apology (Form 04)</source>
        <translation>Văn bản xin lỗi (Mẫu 04)</translation>
    </message>
    <message>
        <source>Appointment slip (Form 01)</source>
        <translation>Giấy tiếp nhận, hẹn trả (Mẫu 01)</translation>
    </message>
    <message>
        <source>Control sheet</source>
        <translation>Phiếu kiểm soát</translation>
    </message>
    <message>
        <source>Could not save {path}: {reason}. Choose another folder.</source>
        <translation>Không lưu được {path}: {reason}. Hãy chọn thư mục khác.</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Tệp PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Preparing the {form} of {code}…</source>
        <translation>Đang tạo {form} của hồ sơ {code}…</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>In phiếu</translation>
    </message>
    <message>
        <source>Printed the {form} of {code}.</source>
        <translation>Đã in {form} của hồ sơ {code}.</translation>
    </message>
    <message>
        <source>Printing the {form} of {code} failed.</source>
        <translation>In {form} của hồ sơ {code} không thành công.</translation>
    </message>
    <message>
        <source>Refusal (Form 03)</source>
        <translation>Phiếu từ chối (Mẫu 03)</translation>
    </message>
    <message>
        <source>Reprinted the {form} of {code} (recorded as a reprint).</source>
        <translation>Đã in lại {form} của hồ sơ {code} (ghi nhận là in lại).</translation>
    </message>
    <message>
        <source>Save the form as PDF</source>
        <translation>Lưu phiếu thành tệp PDF</translation>
    </message>
    <message>
        <source>Saved the {form} of {code} as {path}.</source>
        <translation>Đã lưu {form} của hồ sơ {code} vào {path}.</translation>
    </message>
    <message>
        <source>Supplement request (Form 02)</source>
        <translation>Phiếu yêu cầu bổ sung (Mẫu 02)</translation>
    </message>
    <message>
        <source>The form was NOT printed: the printer did not accept it. Check that it is switched on, has paper and is connected, then try again — or save the form as PDF.</source>
        <translation>Phiếu CHƯA được in: máy in không nhận lệnh in. Hãy kiểm tra máy in đã bật, còn giấy và đã kết nối rồi in lại — hoặc lưu phiếu thành tệp PDF.</translation>
    </message>
    <message>
        <source>The form was NOT printed: the printer “{printer}” did not accept it. Check that it is switched on, has paper and is connected, then try again — or save the form as PDF.</source>
        <translation>Phiếu CHƯA được in: máy in “{printer}” không nhận lệnh in. Hãy kiểm tra máy in đã bật, còn giấy và đã kết nối rồi in lại — hoặc lưu phiếu thành tệp PDF.</translation>
    </message>
    <message>
        <source>apology slip</source>
        <translation>phiếu xin lỗi</translation>
    </message>
    <message>
        <source>appointment slip</source>
        <translation>phiếu hẹn</translation>
    </message>
    <message>
        <source>control sheet</source>
        <translation>phiếu kiểm soát</translation>
    </message>
    <message>
        <source>no permission to write there</source>
        <translation>không có quyền ghi vào đó</translation>
    </message>
    <message>
        <source>refusal slip</source>
        <translation>phiếu từ chối</translation>
    </message>
    <message>
        <source>supplement request</source>
        <translation>phiếu yêu cầu bổ sung</translation>
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
        <source>No procedure matches “{text}”</source>
        <translation>Không tìm thấy thủ tục nào khớp với “{text}”</translation>
    </message>
    <message>
        <source>Type a procedure code or name, e.g. khai sinh</source>
        <translation>Gõ mã hoặc tên thủ tục, ví dụ: khai sinh</translation>
    </message>
</context>
<context>
    <name>ReportTreeModel</name>
    <message>
        <source>Code</source>
        <translation>Mã</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Tổng cộng</translation>
    </message>
</context>
<context>
    <name>ReportsWindow</name>
    <message>
        <source>(official cut-off)</source>
        <translation>(kỳ chốt số liệu chính thức)</translation>
    </message>
    <message>
        <source>CSV file (*.csv)</source>
        <translation>Tệp CSV (*.csv)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Cancelled: no file was written.</source>
        <translation>Đã hủy: không có tệp nào được ghi.</translation>
    </message>
    <message>
        <source>Cancelled: the report was not counted.</source>
        <translation>Đã hủy: báo cáo chưa được tổng hợp.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Đang hủy…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Counting the last 12 months for the charts…</source>
        <translation>Đang tổng hợp 12 tháng gần nhất cho biểu đồ…</translation>
    </message>
    <message>
        <source>Counting the report…</source>
        <translation>Đang tổng hợp báo cáo…</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Bảng tính Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Lĩnh vực</translation>
    </message>
    <message>
        <source>Field (open a field for its procedures)</source>
        <translation>Lĩnh vực (mở một lĩnh vực để xem từng thủ tục)</translation>
    </message>
    <message>
        <source>First six months</source>
        <translation>Sáu tháng đầu năm</translation>
    </message>
    <message>
        <source>From day to day</source>
        <translation>Từ ngày đến ngày</translation>
    </message>
    <message>
        <source>Group by:</source>
        <translation>Nhóm theo:</translation>
    </message>
    <message>
        <source>Last six months</source>
        <translation>Sáu tháng cuối năm</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Tháng</translation>
    </message>
    <message>
        <source>Month {n}</source>
        <translation>Tháng {n}</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>Cán bộ</translation>
    </message>
    <message>
        <source>Official cut-off (15th to 14th)</source>
        <translation>Kỳ chốt số liệu chính thức (ngày 15 đến ngày 14)</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>Tài liệu PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Kỳ báo cáo:</translation>
    </message>
    <message>
        <source>Pick a period and show the report.</source>
        <translation>Chọn kỳ báo cáo rồi bấm «Xem báo cáo».</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Thủ tục hành chính</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>Quý</translation>
    </message>
    <message>
        <source>Quarter {n}</source>
        <translation>Quý {n}</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Báo cáo</translation>
    </message>
    <message>
        <source>Save as CSV…</source>
        <translation>Lưu tệp CSV…</translation>
    </message>
    <message>
        <source>Save as Excel (.xlsx)…</source>
        <translation>Lưu tệp Excel (.xlsx)…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Lưu tệp PDF…</translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation>Lưu báo cáo</translation>
    </message>
    <message>
        <source>Saved: {path}</source>
        <translation>Đã lưu: {path}</translation>
    </message>
    <message>
        <source>Show the report</source>
        <translation>Xem báo cáo</translation>
    </message>
    <message>
        <source>Six months</source>
        <translation>Sáu tháng</translation>
    </message>
    <message>
        <source>The official data cut-off: from the 15th of the last month of the previous period to the 14th of the last month of this one.</source>
        <translation>Kỳ chốt số liệu chính thức: từ ngày 15 của tháng cuối kỳ trước đến ngày 14 của tháng cuối kỳ này.</translation>
    </message>
    <message>
        <source>Writing {name}…</source>
        <translation>Đang ghi {name}…</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Năm</translation>
    </message>
    <message>
        <source>from</source>
        <translation>từ</translation>
    </message>
    <message>
        <source>to</source>
        <translation>đến</translation>
    </message>
    <message>
        <source>{period}: on-time rate {on_time} ({finished} of {due} due finished by the due date) · apology rate {apology} ({apologised} of {late} late dossiers apologised in time; {any} apologised at all)</source>
        <translation>{period}: tỷ lệ đúng hạn {on_time} ({finished}/{due} hồ sơ đến hạn được giải quyết xong đúng hạn) · tỷ lệ xin lỗi kịp thời {apology} ({apologised}/{late} hồ sơ trễ hạn được xin lỗi kịp thời; {any} có xin lỗi)</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Could not remember the printer: {reason}</source>
        <translation>Không lưu được lựa chọn máy in: {reason}</translation>
    </message>
    <message>
        <source>This PC will print on “{printer}”.</source>
        <translation>Máy tính này sẽ in ra máy in “{printer}”.</translation>
    </message>
    <message>
        <source>This PC's printer</source>
        <translation>Máy in của máy tính này</translation>
    </message>
    <message>
        <source>Remember this printer</source>
        <translation>Ghi nhớ máy in này</translation>
    </message>
    <message>
        <source>No printer is installed on this computer.</source>
        <translation>Máy tính này chưa cài máy in nào.</translation>
    </message>
    <message>
        <source>&amp;Add day</source>
        <translation>&amp;Thêm ngày</translation>
    </message>
    <message>
        <source>&amp;Change day</source>
        <translation>&amp;Sửa ngày</translation>
    </message>
    <message>
        <source>&amp;Remove day</source>
        <translation>&amp;Xóa ngày</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Loại ngày</translation>
    </message>
    <message>
        <source>Day off</source>
        <translation>Ngày nghỉ</translation>
    </message>
    <message>
        <source>Days off and swapped working days announced for the year. New due dates count with them at once; due dates already printed on slips do not move.</source>
        <translation>Các ngày nghỉ và ngày làm việc hoán đổi được công bố trong năm. Hạn trả mới được tính theo ngay; hạn trả đã in trên giấy hẹn không thay đổi.</translation>
    </message>
    <message>
        <source>Forms and signing</source>
        <translation>Biểu mẫu và người ký</translation>
    </message>
    <message>
        <source>New desk identity {desk}. Register its public key upstream:
{key}
Fingerprint: {fingerprint}</source>
        <translation>Định danh quầy mới {desk}. Hãy đăng ký khóa công khai này với hệ thống cấp trên:
{key}
Vân tay khóa: {fingerprint}</translation>
    </message>
    <message>
        <source>Not saved: correct the fields marked in red.</source>
        <translation>Chưa lưu: hãy sửa các ô được tô đỏ.</translation>
    </message>
    <message>
        <source>Not saved: the desk keeps its identity.</source>
        <translation>Chưa lưu: quầy giữ nguyên định danh.</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>Note, e.g. the notice announcing it</source>
        <translation>Ghi chú, ví dụ văn bản thông báo</translation>
    </message>
    <message>
        <source>Nothing to save: no field was changed.</source>
        <translation>Không có gì để lưu: chưa ô nào được thay đổi.</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>Đơn vị</translation>
    </message>
    <message>
        <source>Office hours and days off</source>
        <translation>Giờ làm việc và ngày nghỉ</translation>
    </message>
    <message>
        <source>OneStop – New desk identity</source>
        <translation>OneStop – Định danh quầy mới</translation>
    </message>
    <message>
        <source>OneStop – Office settings</source>
        <translation>OneStop – Thông tin đơn vị</translation>
    </message>
    <message>
        <source>OneStop – Settings</source>
        <translation>OneStop – Cài đặt</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Đã lưu.</translation>
    </message>
    <message>
        <source>The day was added.</source>
        <translation>Đã thêm ngày.</translation>
    </message>
    <message>
        <source>The day was changed.</source>
        <translation>Đã sửa ngày.</translation>
    </message>
    <message>
        <source>The day was removed.</source>
        <translation>Đã xóa ngày.</translation>
    </message>
    <message>
        <source>This desk has already exported to upstream. A new agency code or desk number makes a new desk identity with a new signing key, which must be registered upstream before its exports are accepted. Make a new identity?</source>
        <translation>Quầy này đã kết xuất dữ liệu lên hệ thống cấp trên. Mã định danh cơ quan hoặc số hiệu quầy mới tạo ra một định danh quầy mới với khóa ký mới; khóa này phải được đăng ký với cấp trên trước khi các tệp kết xuất được chấp nhận. Tạo định danh mới?</translation>
    </message>
    <message>
        <source>Working day</source>
        <translation>Ngày làm việc</translation>
    </message>
    <message>
        <source>e.g. 07:00-11:30,13:30-17:00</source>
        <translation>ví dụ 07:00-11:30,13:30-17:00</translation>
    </message>
    <message>
        <source>e.g. CHỦ TỊCH</source>
        <translation>ví dụ CHỦ TỊCH</translation>
    </message>
    <message>
        <source>e.g. PHÓ CHỦ TỊCH (empty: no deputy)</source>
        <translation>ví dụ PHÓ CHỦ TỊCH (để trống: không có cấp phó ký thay)</translation>
    </message>
    <message>
        <source>e.g. Tân Hưng</source>
        <translation>ví dụ Tân Hưng</translation>
    </message>
    <message>
        <source>e.g. https://dichvucong.example.gov.vn/tra-cuu</source>
        <translation>ví dụ https://dichvucong.example.gov.vn/tra-cuu</translation>
    </message>
    <message>
        <source>empty: the agency name in capitals</source>
        <translation>để trống: tên cơ quan viết hoa</translation>
    </message>
    <message>
        <source>empty: the office type&apos;s own name</source>
        <translation>để trống: tên theo loại đơn vị</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>&amp;Find your name (accents optional):</source>
        <translation>&amp;Tìm tên của bạn (gõ có dấu hoặc không dấu):</translation>
    </message>
    <message>
        <source>&amp;PIN:</source>
        <translation>Mã &amp;PIN:</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Vào làm việc</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Choose your name in the list.</source>
        <translation>Hãy chọn tên của bạn trong danh sách.</translation>
    </message>
    <message>
        <source>Choose your name, then type your PIN (leave it empty if you have none). Every step you make is recorded under your name.</source>
        <translation>Chọn tên của bạn, rồi nhập mã PIN (để trống nếu bạn không có mã PIN). Mọi bước xử lý bạn thực hiện đều được ghi dưới tên bạn.</translation>
    </message>
    <message>
        <source>Enter moves from the list to the PIN, then signs in.</source>
        <translation>Nhấn Enter để chuyển từ danh sách sang ô mã PIN, nhấn Enter lần nữa để vào làm việc.</translation>
    </message>
    <message>
        <source>Exit the program</source>
        <translation>Thoát chương trình</translation>
    </message>
    <message>
        <source>Who is at the desk?</source>
        <translation>Ai đang trực tại bộ phận một cửa?</translation>
    </message>
</context>
<context>
    <name>SupplementDialog</name>
    <message>
        <source>Request supplementary papers – {code}</source>
        <translation>Yêu cầu bổ sung giấy tờ – {code}</translation>
    </message>
    <message>
        <source>{name} – {procedure}</source>
        <translation>{name} – {procedure}</translation>
    </message>
    <message>
        <source>&amp;Tick the papers to add or complete:</source>
        <translation>&amp;Đánh dấu các giấy tờ cần bổ sung, hoàn thiện:</translation>
    </message>
    <message>
        <source>{name} (not handed in)</source>
        <translation>{name} (chưa nộp)</translation>
    </message>
    <message>
        <source>&amp;Reason (printed on the request&apos;s “Lý do” line):</source>
        <translation>&amp;Lý do (in ở dòng “Lý do” của phiếu):</translation>
    </message>
    <message>
        <source>Tick at least one paper the citizen has to add or complete.</source>
        <translation>Hãy đánh dấu ít nhất một giấy tờ công dân cần bổ sung, hoàn thiện.</translation>
    </message>
    <message>
        <source>Write the reason: it is printed on the supplement request.</source>
        <translation>Hãy ghi lý do: lý do được in trên phiếu yêu cầu bổ sung.</translation>
    </message>
</context>
<context>
    <name>SyncState</name>
    <message>
        <source>Exported</source>
        <translation>Đã kết xuất</translation>
    </message>
    <message>
        <source>Exported (export {number})</source>
        <translation>Đã kết xuất (lần {number})</translation>
    </message>
    <message>
        <source>Not exported yet</source>
        <translation>Chưa kết xuất</translation>
    </message>
    <message>
        <source>Received by upstream</source>
        <translation>Cấp trên đã nhận</translation>
    </message>
    <message>
        <source>Rejected by upstream</source>
        <translation>Cấp trên từ chối</translation>
    </message>
    <message>
        <source>Rejected by upstream: {reason}</source>
        <translation>Cấp trên từ chối: {reason}</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Không rõ</translation>
    </message>
    <message>
        <source>desk {desk_id} registered this dossier code first</source>
        <translation>mã hồ sơ này đã được quầy {desk_id} đăng ký trước</translation>
    </message>
    <message>
        <source>the dossier code belongs to agency {code_agency}, not to this desk&apos;s agency {file_agency}</source>
        <translation>mã hồ sơ thuộc cơ quan {code_agency}, không phải cơ quan của quầy này ({file_agency})</translation>
    </message>
    <message>
        <source>the dossier code&apos;s number belongs to station {code_station}, not to this desk (station {file_station})</source>
        <translation>số thứ tự trong mã hồ sơ thuộc dải số của quầy số {code_station}, không phải của quầy này (quầy số {file_station})</translation>
    </message>
    <message>
        <source>the dossier code&apos;s number is in no desk&apos;s number block; this desk is station {file_station}</source>
        <translation>số thứ tự trong mã hồ sơ không thuộc dải số của quầy nào; quầy này là quầy số {file_station}</translation>
    </message>
    <message>
        <source>the dossier holds a character that cannot be stored (NUL, or broken Unicode text); correct the dossier and export again</source>
        <translation>hồ sơ có ký tự không lưu được (ký tự NUL hoặc chữ Unicode bị hỏng); hãy sửa hồ sơ rồi kết xuất lại</translation>
    </message>
</context>
</TS>
