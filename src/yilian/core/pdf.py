"""A4 documents in Chinese (reports, referral forms) built with ReportLab's platypus.

The font is ReportLab's built-in CID font ``STSong-Light``: nothing is downloaded or shipped,
and a PDF viewer supplies a Song typeface for it (the font is referenced, not embedded). All
text passed in is plain text: it is escaped here, so a patient's name or a doctor's opinion can
never act as ReportLab markup.

A document is made by a function that adds to a :class:`Story` in reading order::

    def build(s: Story) -> None:
        s.header(organisation="甲县人民医院", title="远程会诊报告", number="HZ20261124-0001",
                 issued_at=now)
        s.fields([("患者", "张秀英"), ("性别", "女")])
        s.heading("会诊意见")
        s.paragraph(opinion)
        s.signatures([("会诊医生", "王医生", now)])

    pdf = render(build)
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape as _xml_escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from yilian.core.clock import SHANGHAI

FONT = "STSong-Light"
VERIFY_LINE = "本文件由医联平台签发，可在 /api/v1/documents/verify 验证"
MARGIN = 18 * mm
FOOTER_Y = 10 * mm


@lru_cache(maxsize=1)
def font() -> str:
    """Registers the CID font once per process and returns its name."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


@dataclass(frozen=True)
class Styles:
    organisation: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    label: ParagraphStyle
    small: ParagraphStyle


@lru_cache(maxsize=1)
def styles() -> Styles:
    name = font()
    # CJK wrapping breaks between any two characters: Chinese has no spaces to break at.
    body = ParagraphStyle("yl-body", fontName=name, fontSize=10.5, leading=16, wordWrap="CJK")
    return Styles(
        organisation=ParagraphStyle("yl-org", parent=body, fontSize=16, leading=22,
                                    alignment=TA_CENTER),
        title=ParagraphStyle("yl-title", parent=body, fontSize=20, leading=28,
                             alignment=TA_CENTER, spaceBefore=2, spaceAfter=4),
        heading=ParagraphStyle("yl-heading", parent=body, fontSize=12.5, leading=18,
                               spaceBefore=10, spaceAfter=4),
        body=body,
        label=ParagraphStyle("yl-label", parent=body, textColor=colors.HexColor("#444444")),
        small=ParagraphStyle("yl-small", parent=body, fontSize=8, leading=11,
                             textColor=colors.HexColor("#555555")),
    )


def escape(text: str) -> str:
    """Plain text as paragraph markup: entities escaped, line breaks kept."""
    return _xml_escape(text or "").replace("\r\n", "\n").replace("\n", "<br/>")


def local_time(at: datetime, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored UTC time as shown on paper: Asia/Shanghai."""
    return at.astimezone(SHANGHAI).strftime(fmt)


def chinese_time(at: datetime) -> str:
    """A stored UTC time in Shanghai, as written in Chinese: 2026年11月24日 10:00."""
    t = at.astimezone(SHANGHAI)
    return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}"


class Story:
    """The flowables of one document, in reading order, and what its pages repeat."""

    def __init__(self) -> None:
        self.flowables: list[Flowable] = []
        self.title = ""
        self.organisation = ""
        self.number = ""
        self.styles = styles()

    def add(self, flowable: Flowable) -> None:
        self.flowables.append(flowable)

    def header(self, *, organisation: str, title: str, number: str, issued_at: datetime) -> None:
        """Organisation, document title, then number and date on one line, and a rule."""
        st = self.styles
        self.title, self.organisation, self.number = title, organisation, number
        self.add(Paragraph(escape(organisation), st.organisation))
        self.add(Paragraph(escape(title), st.title))
        line = Table(
            [[Paragraph(f"编号：{escape(number)}", st.label),
              Paragraph(f"签发时间：{local_time(issued_at)}",
                        ParagraphStyle("yl-right", parent=st.label, alignment=2))]],
            colWidths=["50%", "50%"],
        )
        line.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        self.add(line)
        self.add(HRFlowable(width="100%", thickness=1.2, color=colors.black, spaceBefore=2,
                            spaceAfter=8))

    def heading(self, text: str) -> None:
        # A new page unless a few lines fit under it: no heading alone at a page's foot.
        self.add(CondPageBreak(25 * mm))
        self.add(Paragraph(escape(text), self.styles.heading))

    def paragraph(self, text: str) -> None:
        """Free text; each blank-line-separated part becomes its own paragraph."""
        for part in (text or "").replace("\r\n", "\n").split("\n\n"):
            if part.strip():
                self.add(Paragraph(escape(part.strip("\n")), self.styles.body))
                self.add(Spacer(1, 4))

    def small(self, text: str) -> None:
        self.add(Paragraph(escape(text), self.styles.small))

    def spacer(self, height_mm: float = 4) -> None:
        self.add(Spacer(1, height_mm * mm))

    def fields(self, rows: Sequence[tuple[str, str]], *, per_row: int = 2) -> None:
        """Labelled values in a grid, ``per_row`` pairs to a line (a long value may wrap)."""
        st = self.styles
        cells = [(Paragraph(escape(k), st.label), Paragraph(escape(v or "—"), st.body))
                 for k, v in rows]
        lines = []
        for i in range(0, len(cells), per_row):
            line: list[Paragraph | str] = []
            for label, value in cells[i:i + per_row]:
                line += [label, value]
            line += [""] * (2 * per_row - len(line))
            lines.append(line)
        if not lines:
            return
        width = A4[0] - 2 * MARGIN
        label_w = 24 * mm
        value_w = width / per_row - label_w
        table = Table(lines, colWidths=[label_w, value_w] * per_row)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
            ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#F2F2F2")),
            *[("BACKGROUND", (2 * c, 0), (2 * c, -1), colors.HexColor("#F2F2F2"))
              for c in range(1, per_row)],
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        self.add(table)
        self.add(Spacer(1, 6))

    def table(self, head: Sequence[str], shares: Sequence[float],
              rows: Sequence[Sequence[str | None]]) -> None:
        """A ruled table, columns sharing the width as ``shares`` say, whose heading row
        repeats on each page it runs on to."""
        st = self.styles
        width = A4[0] - 2 * MARGIN
        table = Table([[Paragraph(escape(t), st.label) for t in head],
                       *[[Paragraph(escape(v or "—"), st.body) for v in row] for row in rows]],
                      colWidths=[share * width for share in shares], repeatRows=1)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#F2F2F2")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        self.add(table)
        self.add(Spacer(1, 2 * mm))

    def label(self, text: str) -> None:
        """A bold line introducing what follows, kept with it."""
        self.add(CondPageBreak(12 * mm))
        self.add(Paragraph(escape(text), self.styles.label))

    def signatures(self, rows: Sequence[tuple[str, str, datetime | None]]) -> None:
        """Who signs: (role, name, when). Kept on one page; the organisation's electronic
        seal is the PDF signature itself, named in the last line."""
        st = self.styles
        lines = [[Paragraph(f"{escape(role)}：", st.label), Paragraph(escape(name), st.body),
                  Paragraph(f"日期：{local_time(at, '%Y-%m-%d') if at else '—'}", st.label)]
                 for role, name, at in rows]
        table = Table(lines, colWidths=[30 * mm, 70 * mm, 50 * mm], hAlign="RIGHT")
        table.setStyle(TableStyle([("LINEBELOW", (1, 0), (1, -1), 0.4, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
        seal = Paragraph(f"签发机构：{escape(self.organisation)}（电子签章）", st.label)
        self.add(KeepTogether([Spacer(1, 10 * mm), table, Spacer(1, 4 * mm), seal]))


def render(story_builder: Callable[[Story], None]) -> bytes:
    """The PDF bytes of the document the builder adds to a fresh story."""
    story = Story()
    story_builder(story)
    small = styles().small

    def footer(c: canvas.Canvas, page: int, total: int) -> None:
        c.saveState()
        c.setFont(small.fontName, small.fontSize)
        c.setFillColor(small.textColor)
        width = A4[0]
        c.setStrokeColor(colors.HexColor("#999999"))
        c.setLineWidth(0.4)
        c.line(MARGIN, FOOTER_Y + 9, width - MARGIN, FOOTER_Y + 9)
        c.drawString(MARGIN, FOOTER_Y, VERIFY_LINE)
        right = f"{story.number}  第 {page} 页 / 共 {total} 页" if story.number \
            else f"第 {page} 页 / 共 {total} 页"
        c.drawRightString(width - MARGIN, FOOTER_Y, right)
        c.restoreState()

    class NumberedCanvas(canvas.Canvas):
        """Draws the footers once the page count is known ("page x of y")."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # ReportLab's own, not in its stubs

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                footer(self, number, total)
                super().showPage()
            super().save()

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm, title=story.title, author=story.organisation,
        subject=story.number, creator="yilian 医联",
    )
    doc.build(story.flowables or [Spacer(1, 1)], canvasmaker=NumberedCanvas)
    return out.getvalue()
