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

Every signature block carries the organisation's seal (drawn from its name: no image files),
and, when the document is rendered inside :func:`stamped` (the documents service does so when it
issues one), a QR code to the web app's verification page with the document's number and code.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape as _xml_escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
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
SEAL_RED = colors.HexColor("#D7141A")
SEAL_DIAMETER = 40 * mm  # as an organisation's round seal (公章) on paper
SEAL_WORDS = "电子签章"
# Printed at 100 %, a phone reads a code of 25 mm or more from a desk's distance.
QR_SIZE = 28 * mm


@dataclass(frozen=True)
class Stamp:
    """What the issuing service prints on a document besides its content: where and how to
    verify it (``verify_url`` carries the number and the document's code)."""

    number: str
    verify_url: str
    verify_page: str


_stamp: ContextVar[Stamp | None] = ContextVar("yilian_pdf_stamp", default=None)


@contextmanager
def stamped(stamp: Stamp) -> Iterator[None]:
    """Documents rendered within carry ``stamp``'s QR code. A context rather than an argument:
    every case kind renders through its own function of the number, and none of them needs to
    know how a document is verified."""
    token = _stamp.set(stamp)
    try:
        yield
    finally:
        _stamp.reset(token)


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
        """Who signs: (role, name, when), then the organisation under its seal and the QR code
        to verify the document, all on one page. The seal shows what the PDF signature (the
        organisation's electronic seal) proves to a machine."""
        st = self.styles
        lines = [[Paragraph(f"{escape(role)}：", st.label), Paragraph(escape(name), st.body),
                  Paragraph(f"日期：{local_time(at, '%Y-%m-%d') if at else '—'}", st.label)]
                 for role, name, at in rows]
        table = Table(lines, colWidths=[30 * mm, 70 * mm, 50 * mm], hAlign="RIGHT")
        table.setStyle(TableStyle([("LINEBELOW", (1, 0), (1, -1), 0.4, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
        self.add(KeepTogether([Spacer(1, 10 * mm), table, Spacer(1, 2 * mm),
                               SealBlock(self.organisation, _stamp.get())]))


def draw_seal(c: canvas.Canvas, cx: float, cy: float, organisation: str,
              words: str = SEAL_WORDS, diameter: float = SEAL_DIAMETER) -> None:
    """A round red seal centred at (cx, cy): ring, five-pointed star, the organisation's name
    along the upper arc and ``words`` under the star, as a Chinese organisation's 公章."""
    r = diameter / 2
    c.saveState()
    # Ink, not paint: the black text the seal is pressed on stays legible through the red.
    c.setBlendMode("Multiply")
    c.setStrokeColor(SEAL_RED)
    c.setFillColor(SEAL_RED)
    c.setLineWidth(r * 0.06)
    c.circle(cx, cy, r * 0.94, stroke=1, fill=0)
    # The star: ten points alternating between the outer and the inner radius.
    outer, inner = r * 0.26, r * 0.26 * 0.382
    path = c.beginPath()
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = math.pi / 2 + i * math.pi / 5
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        path.moveTo(x, y) if i == 0 else path.lineTo(x, y)
    path.close()
    c.drawPath(path, stroke=0, fill=1)
    # The name runs clockwise over the top, from lower left to lower right, each character
    # upright towards the centre; a long name gets a wider arc and smaller characters.
    name = organisation.strip() or "—"
    span = min(250.0, 90 + 14 * len(name))
    size = min(r * 0.27, r * 0.7 * math.radians(span) / len(name) * 0.85)
    step = span / max(len(name) - 1, 1) if len(name) > 1 else 0
    start = 90 + span / 2 if len(name) > 1 else 90
    c.setFont(font(), size)
    text_r = r * 0.94 - r * 0.06 - size * 0.95
    for i, ch in enumerate(name):
        angle = math.radians(start - i * step)
        c.saveState()
        c.translate(cx + text_r * math.cos(angle), cy + text_r * math.sin(angle))
        c.rotate(math.degrees(angle) - 90)
        c.drawCentredString(0, 0, ch)
        c.restoreState()
    c.setFont(font(), r * 0.17)
    c.drawCentredString(cx, cy - r * 0.52, words)
    c.restoreState()


def qr_drawing(payload: str, size: float = QR_SIZE) -> Drawing:
    """The QR code of ``payload`` as a drawing of ``size`` points square (quiet zone inside)."""
    widget = QrCodeWidget(payload, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


class SealBlock(Flowable):
    """The issuing organisation under its seal, at the right; at the left, when the document is
    stamped, the QR code and the words to verify it."""

    def __init__(self, organisation: str, stamp: Stamp | None) -> None:
        super().__init__()
        self.organisation, self.stamp = organisation, stamp

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, SEAL_DIAMETER + 2 * mm
        return self.width, self.height

    def draw(self) -> None:
        c, st = self.canv, styles()
        text = f"签发机构：{self.organisation}（电子签章）"
        org_line = Paragraph(escape(text),
                             ParagraphStyle("yl-org-line", parent=st.label, alignment=2))
        # As wide as the line needs (a long name wraps), leaving the QR code's words room.
        line_w = min(pdfmetrics.stringWidth(text, st.label.fontName, st.label.fontSize) + 2,
                     self.width - QR_SIZE - 50 * mm)
        _, line_h = org_line.wrap(line_w, self.height)
        mid = self.height / 2
        org_line.drawOn(c, self.width - line_w, mid - line_h / 2)
        # The seal sits over the organisation's name, as a stamp is pressed on paper.
        draw_seal(c, self.width - 30 * mm, mid, self.organisation)
        if self.stamp is None:
            return
        qr_drawing(self.stamp.verify_url).drawOn(c, 0, mid - QR_SIZE / 2)
        # On a screen the code is a link: a phone reading the PDF taps it instead of scanning.
        c.linkURL(self.stamp.verify_url, (0, mid - QR_SIZE / 2, QR_SIZE, mid + QR_SIZE / 2),
                  relative=1)
        words = Paragraph(
            f"扫码或访问 {escape(self.stamp.verify_page)} 核验<br/>"
            f"文件编号：{escape(self.stamp.number)}", st.small)
        text_w = self.width - QR_SIZE - line_w - 6 * mm
        _, text_h = words.wrap(text_w, self.height)
        words.drawOn(c, QR_SIZE + 3 * mm, mid - text_h / 2)


def render(story_builder: Callable[[Story], None]) -> bytes:
    """The PDF bytes of the document the builder adds to a fresh story."""
    story = Story()
    story_builder(story)
    small = styles().small
    stamp = _stamp.get()
    verify_line = (f"本文件由医联平台签发，可扫码或访问 {stamp.verify_page} 核验" if stamp
                   else VERIFY_LINE)

    def footer(c: canvas.Canvas, page: int, total: int) -> None:
        c.saveState()
        c.setFont(small.fontName, small.fontSize)
        c.setFillColor(small.textColor)
        width = A4[0]
        c.setStrokeColor(colors.HexColor("#999999"))
        c.setLineWidth(0.4)
        c.line(MARGIN, FOOTER_Y + 9, width - MARGIN, FOOTER_Y + 9)
        c.drawString(MARGIN, FOOTER_Y, verify_line)
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
