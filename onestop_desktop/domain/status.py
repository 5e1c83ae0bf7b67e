"""Dossier statuses with the national codes (TrangThaiHoSo, DOMAIN.md §5.4)."""

from __future__ import annotations

from enum import IntEnum


class Status(IntEnum):
    """National dossier status codes used by the provincial systems and the national portal."""

    RECEIVED = 2  # Được tiếp nhận
    REFUSED = 3  # Không được tiếp nhận
    IN_PROGRESS = 4  # Đang xử lý
    SUPPLEMENT_REQUESTED = 5  # Yêu cầu bổ sung giấy tờ
    FINANCIAL_OBLIGATION = 6  # Yêu cầu thực hiện nghĩa vụ tài chính
    WITHDRAWAL_REQUESTED = 7  # Công dân yêu cầu rút hồ sơ
    STOPPED = 8  # Dừng xử lý
    RESOLVED = 9  # Đã xử lý xong
    RETURNED = 10  # Đã trả kết quả

    @property
    def label_vi(self) -> str:
        return _LABELS_VI[self]

    @property
    def label_en(self) -> str:
        return _LABELS_EN[self]


_LABELS_VI = {
    Status.RECEIVED: "Được tiếp nhận",
    Status.REFUSED: "Không được tiếp nhận",
    Status.IN_PROGRESS: "Đang xử lý",
    Status.SUPPLEMENT_REQUESTED: "Yêu cầu bổ sung giấy tờ",
    Status.FINANCIAL_OBLIGATION: "Yêu cầu thực hiện nghĩa vụ tài chính",
    Status.WITHDRAWAL_REQUESTED: "Công dân yêu cầu rút hồ sơ",
    Status.STOPPED: "Dừng xử lý",
    Status.RESOLVED: "Đã xử lý xong",
    Status.RETURNED: "Đã trả kết quả",
}
_LABELS_EN = {
    Status.RECEIVED: "Received",
    Status.REFUSED: "Refused",
    Status.IN_PROGRESS: "In progress",
    Status.SUPPLEMENT_REQUESTED: "Waiting for supplementary papers",
    Status.FINANCIAL_OBLIGATION: "Waiting for financial obligation",
    Status.WITHDRAWAL_REQUESTED: "Withdrawal requested",
    Status.STOPPED: "Stopped",
    Status.RESOLVED: "Resolved",
    Status.RETURNED: "Result returned",
}

#: statuses in which the deadline clock is running and the dossier is still the office's work
OPEN_STATUSES = frozenset({Status.RECEIVED, Status.IN_PROGRESS, Status.FINANCIAL_OBLIGATION})
