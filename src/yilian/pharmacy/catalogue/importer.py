"""Reading a catalogue file (CSV or .xlsx) and checking its rows: no database here.

The file has one header row; each column is known by its English or its Chinese name (see
COLUMNS), other columns are ignored and said so. A row's cells become a drug's values, or
problems naming the row (as a spreadsheet numbers it: the header is row 1), the column, a code
and a Chinese and an English message. The service applies the rows only when no row has a
problem.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from yilian.core.errors import Problem, ValidationFailed
from yilian.core.schemas import CONTROL as CONTROL_CHARACTERS
from yilian.pharmacy.catalogue.models import (
    ATC,
    CODE_LENGTH,
    DOSE_PLACES,
    FORM_LENGTH,
    MAX_PACKAGE_SIZE,
    MAX_PRICE_FEN,
    NAME_LENGTH,
    UNIT_LENGTH,
    Antimicrobial,
    Control,
    Insurance,
    Route,
    search_initials,
    unit_text,
)

MAX_ROWS = 20_000
MAX_BYTES = 20 * 1024 * 1024
# A file with problems in every row would make a report of megabytes: the first ones are kept,
# and how many there were.
MAX_REPORTED = 1000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPES = frozenset({"text/csv", "text/plain"})


# ---------------------------------------------------------------- refusals of the whole file


class NotACatalogueFile(Problem):
    status = 415
    code = "not-a-catalogue-file"
    title_zh = "药品目录须为 CSV 或 Excel（.xlsx）文件"
    title_en = "A catalogue is a CSV or an Excel (.xlsx) file"


class CatalogueUnreadable(ValidationFailed):
    code = "catalogue-unreadable"
    title_zh = "无法读取该文件"
    title_en = "The file cannot be read"


class CatalogueEmpty(ValidationFailed):
    code = "catalogue-empty"
    title_zh = "文件中没有药品"
    title_en = "The file holds no drugs"


class CatalogueTooLong(ValidationFailed):
    code = "catalogue-too-many-rows"
    title_zh = f"文件超过 {MAX_ROWS} 行"
    title_en = f"The file has more than {MAX_ROWS} rows"


class CatalogueColumns(ValidationFailed):
    code = "catalogue-columns"
    title_zh = "表头缺少必需的列或有重复的列"
    title_en = "The header lacks a required column or repeats one"


# ---------------------------------------------------------------- cells


class CellError(Exception):
    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(en)
        self.code, self.zh, self.en = code, zh, en


def _text(limit: int) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if CONTROL_CHARACTERS.search(value):
            raise CellError("bad-text", "含有控制字符", "contains control characters")
        if len(value) > limit:
            raise CellError("too-long", f"不能超过 {limit} 个字符",
                            f"at most {limit} characters")
        return value
    return parse


def _unit(value: str) -> str:
    return _text(UNIT_LENGTH)(unit_text(value))


def _decimal(value: str) -> Decimal:
    try:
        number = Decimal(value.replace(",", ""))
    except InvalidOperation:
        raise CellError("bad-number", "不是有效的数字", "not a number") from None
    if not number.is_finite():
        raise CellError("bad-number", "不是有效的数字", "not a number")
    return number


def _dose(value: str) -> Decimal:
    number = _decimal(value)
    if number <= 0 or number >= 10 ** 8:
        raise CellError("bad-number", "须为大于 0 的数字", "must be a number above 0")
    if number != number.quantize(Decimal(1).scaleb(-DOSE_PLACES)):
        raise CellError("bad-number", f"最多 {DOSE_PLACES} 位小数",
                        f"at most {DOSE_PLACES} decimals")
    return number


def _price_fen(value: str) -> int:
    try:
        yuan = _decimal(value.removeprefix("¥").removeprefix("￥"))
    except CellError:
        raise CellError("bad-price", "价格不是有效的数字", "the price is not a number") from None
    fen = yuan * 100
    if yuan < 0 or fen != fen.to_integral_value() or fen > MAX_PRICE_FEN:
        raise CellError("bad-price", "价格须为不小于 0、最多两位小数的金额（元）",
                        "the price must be an amount in yuan of at least 0, with at most "
                        "2 decimals")
    return int(fen)


def _package_size(value: str) -> int:
    try:
        number = _decimal(value)
    except CellError:
        number = Decimal(0)
    if number != number.to_integral_value() or not 1 <= number <= MAX_PACKAGE_SIZE:
        raise CellError("bad-package-size", "包装数量须为不小于 1 的整数",
                        "the package size must be a whole number of at least 1")
    return int(number)


def _atc(value: str) -> str:
    code = value.upper()
    if not ATC.match(code):
        raise CellError("bad-atc", "ATC 编码须为 7 位，如 C08CA05",
                        "an ATC code has 7 characters, e.g. C08CA05")
    return code


def _choice(labels: dict[str, Any], shown: str) -> Callable[[str], Any]:
    """A value from a fixed list, by its Chinese label or its code (any case)."""
    known = {k.casefold(): v for k, v in labels.items()}

    def parse(value: str) -> Any:
        key = value.casefold()
        if key not in known:
            raise CellError("unknown-value", f"无法识别的取值，可用：{shown}",
                            f"not a known value; use one of: {shown}")
        return known[key]
    return parse


_YES = ("是", "yes", "y", "true", "1")
_NO = ("否", "no", "n", "false", "0")
_NONE = ("无", "none")
INSURANCE = {"甲": Insurance.A, "甲类": Insurance.A, "乙": Insurance.B, "乙类": Insurance.B,
             "丙": Insurance.C, "丙类": Insurance.C, **{i.value: i for i in Insurance},
             **dict.fromkeys(_NONE)}
CONTROL = {"麻醉药品": Control.narcotic, "第一类精神药品": Control.psychotropic_1,
           "一类精神药品": Control.psychotropic_1, "精一": Control.psychotropic_1,
           "第二类精神药品": Control.psychotropic_2, "二类精神药品": Control.psychotropic_2,
           "精二": Control.psychotropic_2, "医疗用毒性药品": Control.toxic,
           "毒性药品": Control.toxic, "放射性药品": Control.radioactive,
           "易制毒": Control.precursor, "易制毒化学品": Control.precursor,
           **{c.value: c for c in Control}, **dict.fromkeys(_NONE)}
ANTIMICROBIAL = {"非限制使用级": Antimicrobial.unrestricted, "非限制级": Antimicrobial.unrestricted,
                 "限制使用级": Antimicrobial.restricted, "限制级": Antimicrobial.restricted,
                 "特殊使用级": Antimicrobial.special, "特殊级": Antimicrobial.special,
                 **{a.value: a for a in Antimicrobial}, **dict.fromkeys((*_NONE, "否"))}
ROUTE = {"口服": Route.oral, "静脉注射": Route.iv_injection, "静注": Route.iv_injection,
         "静脉滴注": Route.iv_drip, "静滴": Route.iv_drip, "肌内注射": Route.im,
         "肌肉注射": Route.im, "肌注": Route.im, "皮下注射": Route.sc, "外用": Route.topical,
         "吸入": Route.inhalation, "雾化吸入": Route.inhalation, "舌下": Route.sublingual,
         "舌下含服": Route.sublingual, "滴眼": Route.eye, "直肠": Route.rectal,
         "直肠给药": Route.rectal, **{r.value: r for r in Route}}
RX = {**dict.fromkeys((*_YES, "rx", "处方药", "处方"), True),
      **dict.fromkeys((*_NO, "otc", "甲类otc", "乙类otc", "非处方药", "非处方"), False)}
YES_NO = {**dict.fromkeys(_YES, True), **dict.fromkeys(_NO, False)}


@dataclass(frozen=True)
class Column:
    key: str  # the English header, and the format's name of the column
    zh: str
    field: str  # the drug's field it fills
    parse: Callable[[str], Any]
    required: bool = False
    empty: Any = None  # the value of an empty cell in an optional column
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("code", "编码", "code", _text(CODE_LENGTH), required=True),
    Column("generic_name", "通用名", "generic_name", _text(NAME_LENGTH), required=True),
    Column("trade_name", "商品名", "trade_name", _text(NAME_LENGTH)),
    Column("specification", "规格", "specification", _text(NAME_LENGTH), required=True),
    Column("dosage_form", "剂型", "dosage_form", _text(FORM_LENGTH), required=True),
    Column("atc", "ATC编码", "atc", _atc, required=True, aliases=("ATC码",)),
    Column("strength", "单位含量", "strength", _dose, required=True),
    Column("strength_unit", "含量单位", "strength_unit", _unit, required=True),
    Column("unit", "最小单位", "unit", _unit, required=True),
    Column("package_size", "包装数量", "package_size", _package_size, required=True),
    Column("package_unit", "包装单位", "package_unit", _unit, required=True),
    Column("price_yuan", "单价(元)", "price_fen", _price_fen, required=True,
           aliases=("单价",)),
    Column("rx", "处方药", "rx", _choice(RX, "是 否 Rx OTC"), empty=True),
    Column("insurance", "医保类别", "insurance", _choice(INSURANCE, "甲 乙 丙")),
    Column("control", "管制类别", "control",
           _choice(CONTROL, "麻醉药品 第一类精神药品 第二类精神药品 医疗用毒性药品 放射性药品 易制毒")),
    Column("antimicrobial", "抗菌药物", "antimicrobial",
           _choice(ANTIMICROBIAL, "非限制使用级 限制使用级 特殊使用级")),
    Column("cold_chain", "冷链", "cold_chain", _choice(YES_NO, "是 否"), empty=False),
    Column("max_single_dose", "单次极量", "max_single_dose", _dose),
    Column("max_daily_dose", "日极量", "max_daily_dose", _dose),
    Column("route", "给药途径", "route",
           _choice(ROUTE, "口服 静脉注射 静脉滴注 肌内注射 皮下注射 外用 吸入 舌下 滴眼 直肠")),
)
BY_KEY = {c.key: c for c in COLUMNS}
# What an optional column not in the file leaves a new drug with.
DEFAULTS: dict[str, Any] = {c.field: c.empty for c in COLUMNS if not c.required}


def _header_key(name: str) -> str:
    name = re.sub(r"\s+", "", name.replace("\ufeff", ""))
    return name.replace("（", "(").replace("）", ")").casefold()


_HEADERS = {_header_key(h): c for c in COLUMNS for h in (c.key, c.zh, *c.aliases)}


# ---------------------------------------------------------------- reading the file


@dataclass
class Sheet:
    headers: list[str]  # as written
    columns: dict[str, int]  # a known column's key -> its position
    ignored: list[str]  # headers of columns that are not the format's
    rows: Iterator[tuple[int, list[str]]]  # (row number, its cells as text); blank rows skipped


def kind_of(content_type: str) -> str:
    if content_type == XLSX:
        return "xlsx"
    if content_type in CSV_TYPES:
        return "csv"
    raise NotACatalogueFile(f"a {content_type} file is not a catalogue")


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Excel's "CSV (逗号分隔)" on a Chinese Windows saves GB 18030 (GBK), not UTF-8.
        return content.decode("gb18030")
    except UnicodeDecodeError:
        raise CatalogueUnreadable("the text is neither UTF-8 nor GB 18030") from None


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    text = _decode(content)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as e:
        raise CatalogueUnreadable(f"not CSV: {e}") from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _xlsx_rows(content: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook  # only an import needs it

    # A damaged or disguised workbook fails in openpyxl, zipfile or the XML parser with many
    # kinds of exception: each is bad input, never a server error.
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as e:
        raise CatalogueUnreadable(f"not a readable .xlsx workbook ({type(e).__name__})") from None
    try:
        if not book.worksheets:
            return
        rows = book.worksheets[0].iter_rows(values_only=True)
        while True:
            try:
                values = next(rows)
            except StopIteration:
                return
            except Exception as e:
                raise CatalogueUnreadable(
                    f"the first sheet cannot be read ({type(e).__name__})") from None
            yield [_cell_text(v) for v in values]
    finally:
        book.close()


def open_sheet(content: bytes, kind: str) -> Sheet:
    """The header read and checked; the rows still to be read. Refuses a file without the
    required columns, or naming one twice."""
    raw = _xlsx_rows(content) if kind == "xlsx" else _csv_rows(content)
    header = next(raw, None)
    if header is None:
        raise CatalogueEmpty("the file is empty")
    headers = [h.strip() for h in header]
    while headers and not headers[-1]:
        headers.pop()
    columns: dict[str, int] = {}
    ignored: list[str] = []
    errors: list[dict[str, str]] = []
    for i, h in enumerate(headers):
        column = _HEADERS.get(_header_key(h))
        if column is None:
            if h:
                ignored.append(h)
        elif column.key in columns:
            errors.append({"field": column.key,
                           "message": f"{column.key} ({column.zh}) is named twice"})
        else:
            columns[column.key] = i
    missing = [c for c in COLUMNS if c.required and c.key not in columns]
    errors += [{"field": c.key, "message": f"missing: {c.key} or {c.zh}"} for c in missing]
    if errors:
        raise CatalogueColumns("; ".join(e["message"] for e in errors), errors=errors)
    width = len(headers)

    def rows() -> Iterator[tuple[int, list[str]]]:
        for number, cells in enumerate(raw, start=2):
            cells = [c.strip() for c in cells[:width]]
            if any(cells):
                yield number, cells + [""] * (width - len(cells))

    return Sheet(headers, columns, ignored, rows())


def survey(content: bytes, kind: str) -> tuple[int, list[str]]:
    """How many drug rows the file has, and the columns it ignores; refuses an empty file or
    one over MAX_ROWS rows (counting stops there)."""
    sheet = open_sheet(content, kind)
    count = 0
    for _ in sheet.rows:
        count += 1
        if count > MAX_ROWS:
            raise CatalogueTooLong(f"at most {MAX_ROWS} drugs per file; split it")
    if count == 0:
        raise CatalogueEmpty("the file has a header but no drugs")
    return count, sheet.ignored


# ---------------------------------------------------------------- checking rows


@dataclass
class Checker:
    """Checks rows one by one: each valid one becomes the values of a drug (``rows``, with
    ``pinyin``), each problem a report entry."""

    sheet: Sheet
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    problem_count: int = 0
    _codes: dict[str, int] = field(default_factory=dict)

    @property
    def fields(self) -> list[str]:
        """The drug fields the file gives (an update leaves the others as they are)."""
        return [BY_KEY[key].field for key in self.sheet.columns]

    def _problem(self, number: int, column: Column, code: str, zh: str, en: str,
                 value: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_REPORTED:
            self.problems.append({
                "row": number, "column": column.key,
                "header": self.sheet.headers[self.sheet.columns[column.key]], "code": code,
                "message_zh": f"{column.zh}：{zh}", "message_en": f"{column.key}: {en}",
                "value": value[:60]})

    def check(self, number: int, cells: list[str]) -> None:
        values: dict[str, Any] = {}
        ok = True
        for key, i in self.sheet.columns.items():
            column, value = BY_KEY[key], cells[i]
            if not value and column.required:
                self._problem(number, column, "missing-value", "必填项为空",
                              "a required value is missing", value)
                ok = False
                continue
            try:
                values[column.field] = column.parse(value) if value else column.empty
            except CellError as e:
                self._problem(number, column, e.code, e.zh, e.en, value)
                ok = False
        code = values.get("code")
        if code:
            first = self._codes.setdefault(code, number)
            if first != number:
                self._problem(number, BY_KEY["code"], "duplicate-code", f"与第 {first} 行重复",
                              f"the same code as row {first}", code)
                ok = False
        if ok:
            values["pinyin"] = search_initials(values["generic_name"], values.get("trade_name"))
            self.rows.append(values)
