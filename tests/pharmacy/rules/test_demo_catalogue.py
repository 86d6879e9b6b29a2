"""The demo catalogue (src/yilian/pharmacy/catalogue/demo_drugs.csv), row by row against the
catalogue file format: the Chinese headers, required columns, the enumerations, WHO ATC codes,
numbers; and each row's strength, unit and package size agreeing with its 规格.

中成药 have no WHO ATC code: they carry the level-4 group of their main therapeutic use and "99"
as the substance (复方丹参滴丸 C01EB99: other cardiac preparations), a number WHO does not give
a substance. Duplicate-therapy warnings then see two 中成药 of one use (功能相同) as
duplicates, and no interaction keyed by a real substance's code matches them. The same is done
for 口服补液盐 (WHO's A07CA has no substance codes).
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

import yilian.pharmacy.catalogue as catalogue

DEMO = Path(catalogue.__file__).with_name("demo_drugs.csv")
HEADERS = ["编码", "通用名", "商品名", "规格", "剂型", "ATC编码", "单位含量", "含量单位", "最小单位",
           "包装数量", "包装单位", "单价(元)", "处方药", "医保类别", "管制类别", "抗菌药物", "冷链",
           "单次极量", "日极量", "给药途径"]
REQUIRED = ["编码", "通用名", "规格", "剂型", "ATC编码", "单位含量", "含量单位", "最小单位", "包装数量",
            "包装单位", "单价(元)"]
ATC = re.compile(r"^[A-Z]\d\d[A-Z][A-Z]\d\d$")
STRENGTH_UNITS = {"mg", "g", "μg", "ml", "IU", "万U", "mmol"}
UNITS = {"片", "粒", "袋", "支", "瓶", "贴", "枚", "丸", "揿", "ml", "g"}
PACKAGE_UNITS = {"盒", "瓶", "支", "袋"}
ENUMS = {
    "处方药": {"是", "否"},
    "医保类别": {"甲", "乙", "丙", ""},
    "管制类别": {"", "麻醉药品", "第一类精神药品", "第二类精神药品", "医疗用毒性药品", "放射性药品",
             "易制毒"},
    "抗菌药物": {"", "非限制使用级", "限制使用级", "特殊使用级"},
    "冷链": {"是", "否"},
    "给药途径": {"口服", "静脉注射", "静脉滴注", "肌内注射", "皮下注射", "外用", "吸入", "舌下", "滴眼",
             "直肠"},
}
# The dosage form, and what the generic name then says (Chinese catalogues name the form).
FORMS = {
    "片剂": ("片",), "胶囊剂": ("胶囊", "滴剂(胶囊型)"), "颗粒剂": ("颗粒",),
    "注射剂": ("注射",), "口服溶液剂": ("口服溶液", "口服液", "滴剂"), "混悬剂": ("混悬",),
    "软膏剂": ("软膏",), "乳膏剂": ("乳膏",), "凝胶剂": ("凝胶", "乳胶剂"), "滴眼剂": ("滴眼液",),
    "眼膏剂": ("眼膏",), "吸入剂": ("吸入",), "喷雾剂": ("喷雾剂",), "贴剂": ("贴",),
    "栓剂": ("栓",), "丸剂": ("丸",), "滴丸剂": ("滴丸",), "散剂": ("散",), "糖浆剂": ("糖浆",),
    "酊剂": ("水",),
}
# Drugs without a WHO substance code (see the module's docstring).
NO_WHO_CODE = {"复方丹参滴丸", "速效救心丸", "麝香保心丸", "通心络胶囊", "脑心通胶囊", "连花清瘟胶囊",
               "双黄连口服液", "小柴胡颗粒", "小儿豉翘清热颗粒", "川贝枇杷糖浆", "板蓝根颗粒",
               "蒲地蓝消炎口服液", "藿香正气水", "四磨汤口服液", "云南白药胶囊", "口服补液盐散(Ⅲ)"}
# An amount in a 规格 and its size in the strength unit's base (mg, IU, ml).
AMOUNT = re.compile(r"(\d+(?:\.\d+)?)(mg|g|μg|万单位|单位|AXa IU|IU|ml)")
BASE = {"mg": ("mg", 1), "g": ("mg", 1000), "μg": ("mg", Decimal("0.001")), "IU": ("IU", 1),
        "单位": ("IU", 1), "AXa IU": ("IU", 1), "万单位": ("IU", 10000), "万U": ("IU", 10000),
        "ml": ("ml", 1)}
PER = re.compile(r"(\d+(?:\.\d+)?)(ml|g):(\d+(?:\.\d+)?)(mg|g|μg)")
PACKAGE = re.compile(r"×(\d+)(\S)$")
PERCENT = re.compile(r"^(\d+(?:\.\d+)?)%")
# What a 规格 calls a unit that the catalogue calls otherwise: a puff.
UNIT_WORDS = {"吸": "揿", "喷": "揿"}


def _rows() -> list[dict[str, str]]:
    with DEMO.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == HEADERS
        return list(reader)


ROWS = _rows()


def _number(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise AssertionError(f"not a number: {text!r}") from None
    assert value.is_finite()
    return value


def _base(amount: str, unit: str) -> tuple[str, Decimal]:
    kind, factor = BASE[unit]
    return kind, _number(amount) * factor


def test_the_file_is_a_catalogue_of_about_two_hundred_drugs():
    assert 200 <= len(ROWS) <= 260
    codes = [r["编码"] for r in ROWS]
    assert codes == [f"YP{i:04d}" for i in range(1, len(ROWS) + 1)]
    products = [(r["通用名"], r["商品名"], r["规格"]) for r in ROWS]
    assert len(set(products)) == len(products)


@pytest.mark.parametrize("row", ROWS, ids=[r["编码"] for r in ROWS])
def test_row(row):
    for column in REQUIRED:
        assert row[column], column
    for column, allowed in ENUMS.items():
        assert row[column] in allowed, column
    assert ATC.match(row["ATC编码"])
    assert row["ATC编码"][0] in "ABCDGHJLMNPRSV"  # WHO's anatomical main groups
    assert row["ATC编码"].endswith("99") == (row["通用名"] in NO_WHO_CODE)
    suffixes = FORMS[row["剂型"]]
    assert any(s in row["通用名"] for s in suffixes), (row["剂型"], row["通用名"])

    strength = _number(row["单位含量"])
    assert strength > 0 and strength == strength.quantize(Decimal("0.0001"))
    assert row["含量单位"] in STRENGTH_UNITS and row["最小单位"] in UNITS
    assert row["包装单位"] in PACKAGE_UNITS
    package_size = int(row["包装数量"])
    assert package_size >= 1 and str(package_size) == row["包装数量"]
    price = _number(row["单价(元)"])
    assert 0 < price < 5000 and price == price.quantize(Decimal("0.01"))
    maxima = [_number(row[c]) if row[c] else None for c in ("单次极量", "日极量")]
    assert all(m is None or m > 0 for m in maxima)
    if maxima[0] is not None and maxima[1] is not None:
        assert maxima[0] <= maxima[1]

    _check_specification(row, strength, package_size)


def _check_specification(row: dict[str, str], strength: Decimal, package_size: int) -> None:
    """The strength, unit and package size are the ones the 规格 states."""
    spec, unit, strength_unit = row["规格"], row["最小单位"], row["含量单位"]
    kind, per_unit = _base(row["单位含量"], strength_unit)
    if unit in ("ml", "g"):
        # Per ml or per g of a liquid or a cream: "100ml:2g" is 20 mg/ml in 100 ml.
        per = PER.search(spec)
        if per is None:  # a plain volume (a syrup measured in ml)
            volume = AMOUNT.fullmatch(spec)
            assert volume and strength_unit == unit == volume[2] and strength == 1, spec
            assert package_size == _number(volume[1])
            return
        volume, volume_unit, amount, amount_unit = per.groups()
        assert volume_unit == unit and package_size == _number(volume), spec
        assert (kind, per_unit) == ("mg", _base(amount, amount_unit)[1] / _number(volume)), spec
        if percent := PERCENT.match(spec):  # 1% is 10 mg in a g or an ml
            assert per_unit == _number(percent[1]) * 10, spec
        return
    amounts = {_base(n, u) for n, u in AMOUNT.findall(spec)}
    assert (kind, per_unit) in amounts, (spec, amounts)
    package = PACKAGE.search(spec)
    if package is None:
        assert package_size == 1, spec
    else:
        assert int(package[1]) == package_size, spec
        assert UNIT_WORDS.get(package[2], package[2]) == unit, spec


def test_what_a_county_pharmacy_keeps_is_there():
    by_control: dict[str, list[str]] = {}
    by_antimicrobial: dict[str, list[str]] = {}
    for r in ROWS:
        by_control.setdefault(r["管制类别"], []).append(r["通用名"])
        by_antimicrobial.setdefault(r["抗菌药物"], []).append(r["通用名"])
    assert {"麻醉药品", "第一类精神药品", "第二类精神药品", "医疗用毒性药品", "易制毒"} <= set(by_control)
    assert {"硫酸吗啡缓释片", "芬太尼透皮贴剂"} <= set(by_control["麻醉药品"])
    assert by_control["第一类精神药品"] == ["盐酸哌甲酯缓释片"]
    assert {"地西泮片", "艾司唑仑片", "阿普唑仑片", "盐酸曲马多缓释片"} <= set(by_control["第二类精神药品"])
    assert "复方盐酸伪麻黄碱缓释胶囊" in by_control["易制毒"]
    special = set(by_antimicrobial["特殊使用级"])
    assert {"注射用美罗培南", "注射用盐酸万古霉素", "利奈唑胺片"} <= special
    assert len(by_antimicrobial["非限制使用级"]) >= 15 and len(by_antimicrobial["限制使用级"]) >= 5
    forms = {r["剂型"] for r in ROWS}
    assert {"颗粒剂", "口服溶液剂", "混悬剂", "吸入剂", "滴眼剂", "乳膏剂"} <= forms
    patent = [r for r in ROWS if r["ATC编码"].endswith("99") and "补液盐" not in r["通用名"]]
    assert len(patent) >= 12  # 中成药


def test_classes_agree_with_the_drugs():
    for r in ROWS:
        atc = r["ATC编码"]
        if r["抗菌药物"]:  # antibacterials and antifungals, metronidazole's oral code included
            assert atc.startswith(("J01", "J02", "P01AB")), r["通用名"]
        elif atc.startswith(("J01", "J02")):
            raise AssertionError(f"{r['通用名']} is an antimicrobial without its class")
        if atc.startswith("A10A"):  # insulins keep cold
            assert r["冷链"] == "是", r["通用名"]
        if r["管制类别"] in ("麻醉药品", "第一类精神药品", "第二类精神药品", "医疗用毒性药品"):
            assert r["处方药"] == "是", r["通用名"]
        if r["剂型"] == "注射剂":
            assert r["给药途径"] in ("静脉注射", "静脉滴注", "肌内注射", "皮下注射"), r["通用名"]
