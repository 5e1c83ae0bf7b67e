"""The request for supplementary papers: papers picked from the procedure's checklist, recorded
apart from the reason; the printed Mẫu 02 lists the papers and says the reason on its "Lý do"
line; the dossier page lists the papers handed over at intake; the picking dialog itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from onestop_desktop.domain.dossier import HandedDocument, InvalidInput
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import Desk, ReceiveRequest
from onestop_desktop.ui.qt import QDialogButtonBox, Qt
from onestop_desktop.ui.supplement_dialog import SupplementDialog, checklist
from tests.test_documents import pdf_text
from tests.test_ui_board import THREE_DAYS, Clerk, at, open_window

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

PROXY = "Văn bản ủy quyền được chứng thực (trường hợp ủy quyền cho người khác thực hiện)"
FORM = "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu"
ID_CARD = "Thẻ căn cước, căn cước công dân hoặc hộ chiếu của người yêu cầu (xuất trình)"


def received(desk: Desk) -> str:
    papers = [HandedDocument(FORM, 1, 0, 0), HandedDocument(ID_CARD, 0, 0, 0)]
    request = ReceiveRequest(THREE_DAYS, "Vũ Văn Chờ", received_at=at(24, 9), documents=papers)
    return desk.receive(request).code


def test_the_supplement_request_lists_the_papers_and_says_the_reason(
    desk: Desk, tmp_path: Path
) -> None:
    code = received(desk)
    desk.transition(
        code,
        Status.SUPPLEMENT_REQUESTED,
        note="Tờ khai chưa ghi nơi cư trú",
        papers=(PROXY, FORM),
        at=at(24, 10),
    )
    out = tmp_path / "supplement.pdf"
    desk.render_form(code, out, "supplement")
    text = " ".join(pdf_text(out))
    listed = re.search(r"nội dung sau: (.*?) Lý do: (.*?) Trong quá trình", text)
    assert listed is not None, text
    assert listed.group(1).startswith("1. Văn bản ủy quyền được chứng thực")
    assert "2. Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu" in listed.group(1)
    assert listed.group(2) == "Tờ khai chưa ghi nơi cư trú"  # the reason, not the list again


def test_papers_go_only_with_a_request_for_papers_and_each_is_one_line(desk: Desk) -> None:
    code = received(desk)
    with pytest.raises(InvalidInput) as refused:
        desk.transition(code, Status.IN_PROGRESS, papers=(FORM,))
    assert refused.value.errors[0].field == "papers"
    with pytest.raises(InvalidInput) as refused:
        desk.transition(code, Status.SUPPLEMENT_REQUESTED, note="Thiếu", papers=("Tờ\nkhai", " "))
    assert [e.field for e in refused.value.errors] == ["papers", "papers"]
    assert desk.get(code).status is Status.RECEIVED  # nothing written


def test_the_dossier_page_lists_the_papers_handed_over(qtbot: QtBot, desk: Desk) -> None:
    code = received(desk)
    window = open_window(qtbot, desk, Clerk())
    assert window.open_dossier(code)
    lines = window.dossier_page.papers_label.text().splitlines()
    assert lines == [
        f"1. {FORM}: bản chính 1 · bản chứng thực 0 · bản sao 0",
        f"2. {ID_CARD}: xuất trình",
    ]
    assert window.dossier_page.papers_box.isVisible()


def test_the_dialog_offers_the_papers_not_handed_in_first_and_needs_a_pick_and_a_reason(
    qtbot: QtBot, desk: Desk
) -> None:
    code = received(desk)
    dossier = desk.get(code)
    papers = checklist(dossier, desk.catalogue.get(dossier.procedure_code))
    dialog = SupplementDialog(dossier, papers)
    qtbot.addWidget(dialog)
    texts = [dialog.papers_list.item(n).text() for n in range(dialog.papers_list.count())]
    assert texts[-1] == FORM  # handed in: last, unmarked
    assert all(t.endswith("(chưa nộp)") for t in texts[:-1]) and len(texts) == 4
    assert not any("xuất trình" in t for t in texts)  # only shown, never asked for
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert (
        dialog.error.text() == "Hãy đánh dấu ít nhất một giấy tờ công dân cần bổ sung, hoàn thiện."
    )
    proxy = texts.index(f"{PROXY} (chưa nộp)")
    dialog.papers_list.item(proxy).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Hãy ghi lý do: lý do được in trên phiếu yêu cầu bổ sung."
    assert dialog.answer is None
    dialog.reason_edit.setPlainText("Người nộp thay chưa có giấy ủy quyền")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.answer is not None
    assert dialog.answer.papers == (PROXY,)
    assert dialog.answer.reason == "Người nộp thay chưa có giấy ủy quyền"
