"""Chinese A4 documents: the text is there, escaped, with a footer on every page."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tests.documents.helpers import TITLE, report, text_of
from yilian.core.pdf import FONT, VERIFY_LINE, Story, render

AT = datetime(2026, 11, 24, 17, 30, tzinfo=UTC)  # 01:30 on the 25th in Shanghai


def test_a_report_shows_its_chinese_text_in_the_cid_font():
    pdf = report("HZ20261125-0001", issued_at=AT)
    assert pdf.startswith(b"%PDF-")
    assert f"/{FONT}".encode() in pdf  # referenced, not embedded: nothing was downloaded
    text = text_of(pdf)
    for shown in ("甲县人民医院", TITLE, "编号：HZ20261125-0001", "张秀英", "会诊意见",
                  "建议上转县医院心内科。", "会诊医生", "王建华", VERIFY_LINE,
                  "第 1 页 / 共 1 页"):
        assert shown in text, shown


def test_times_are_shown_in_shanghai():
    assert "签发时间：2026-11-25 01:30" in text_of(report("X", issued_at=AT))


def test_text_is_plain_text_never_markup():
    pdf = report("HZ1", issued_at=AT, opinion="<b>加粗</b> & <font size=40>大</font>\n第二行")
    text = text_of(pdf)
    assert "<b>加粗</b> & <font size=40>大</font>" in text
    assert "第二行" in text


def test_long_documents_number_their_pages():
    def build(s: Story) -> None:
        s.header(organisation="省人民医院", title="转诊单", number="ZZ20261124-0001",
                 issued_at=AT)
        for i in range(80):
            s.paragraph(f"第{i}段：患者病情稳定，继续随访。")

    text = text_of(render(build))
    total = int(re.search(r"第 1 页 / 共 (\d+) 页", text).group(1))
    assert total >= 2
    for page in range(1, total + 1):
        assert f"ZZ20261124-0001  第 {page} 页 / 共 {total} 页" in text
    assert text.count(VERIFY_LINE) == total
