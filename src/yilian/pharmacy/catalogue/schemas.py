"""API shapes of the drug catalogue, its stock and its imports, and ``DrugInfo``, the drug as
other pharmacy modules read it. Prices are integer fen; amounts of active ingredient are exact
decimals in Python and JSON numbers on the wire."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    PlainSerializer,
    StringConstraints,
)

from yilian.core.schemas import Day, Input
from yilian.pharmacy.catalogue.models import (
    ATC_PATTERN,
    BATCH_LENGTH,
    CODE_LENGTH,
    DOSE_DIGITS,
    DOSE_PLACES,
    FORM_LENGTH,
    MAX_PACKAGE_SIZE,
    MAX_PACKAGES,
    MAX_PRICE_FEN,
    NAME_LENGTH,
    UNIT_LENGTH,
    Antimicrobial,
    Control,
    ImportState,
    Insurance,
    Route,
    unit_text,
)

Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                        max_length=CODE_LENGTH, pattern=r"^\S+$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                        max_length=NAME_LENGTH)]
Form = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                        max_length=FORM_LENGTH)]
Unit = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                        max_length=UNIT_LENGTH), AfterValidator(unit_text)]
Atc = Annotated[str, BeforeValidator(lambda v: v.strip().upper() if isinstance(v, str) else v),
                StringConstraints(pattern=ATC_PATTERN),
                Field(description="WHO ATC code, 7 characters, e.g. C08CA05")]
DoseIn = Annotated[Decimal, Field(gt=0, lt=10 ** 8, max_digits=DOSE_DIGITS,
                                  decimal_places=DOSE_PLACES)]
# Exact in Python; a plain number in JSON.
DoseOut = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]
PriceFen = Annotated[int, Field(ge=0, le=MAX_PRICE_FEN, description="one package, in fen")]
PackageSize = Annotated[int, Field(ge=1, le=MAX_PACKAGE_SIZE,
                                   description="units in one package")]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=200)]


@dataclass(frozen=True)
class DrugInfo:
    """A drug as other modules see it (they never read this module's tables)."""

    id: uuid.UUID
    organisation_id: uuid.UUID
    code: str
    generic_name: str
    trade_name: str | None
    specification: str
    dosage_form: str
    atc: str
    strength: Decimal
    strength_unit: str
    unit: str
    package_size: int
    package_unit: str
    price_fen: int
    rx: bool
    insurance: Insurance | None
    control: Control | None
    antimicrobial: Antimicrobial | None
    cold_chain: bool
    max_single_dose: Decimal | None
    max_daily_dose: Decimal | None
    route: Route | None
    active: bool


class DrugIn(Input):
    code: Code = Field(description="the pharmacy's own code, unique at the organisation")
    generic_name: Name = Field(description="通用名")
    trade_name: Name | None = Field(None, description="商品名")
    specification: Name = Field(description="规格, e.g. 30mg×7片")
    dosage_form: Form = Field(description="剂型 (free text: 片剂, 胶囊剂...)")
    atc: Atc
    strength: DoseIn = Field(description="active ingredient in one unit, in strength_unit")
    strength_unit: Unit = Field(description="mg g μg ml IU 万U mmol")
    unit: Unit = Field(description="the smallest unit: 片 粒 袋 支...")
    package_size: PackageSize
    package_unit: Unit = Field(description="盒 瓶 支 袋")
    price_fen: PriceFen
    rx: bool = Field(True, description="prescription-only (处方药)")
    insurance: Insurance | None = Field(None, description="医保类别 甲 A, 乙 B, 丙 C")
    control: Control | None = None
    antimicrobial: Antimicrobial | None = None
    cold_chain: bool = False
    max_single_dose: DoseIn | None = Field(None, description="in strength_unit")
    max_daily_dose: DoseIn | None = Field(None, description="in strength_unit")
    route: Route | None = Field(None, description="the default route")


class DrugPatch(Input):
    """The fields sent change; null clears an optional one."""

    code: Code | None = None
    generic_name: Name | None = None
    trade_name: Name | None = None
    specification: Name | None = None
    dosage_form: Form | None = None
    atc: Atc | None = None
    strength: DoseIn | None = None
    strength_unit: Unit | None = None
    unit: Unit | None = None
    package_size: PackageSize | None = None
    package_unit: Unit | None = None
    price_fen: PriceFen | None = None
    rx: bool | None = None
    insurance: Insurance | None = None
    control: Control | None = None
    antimicrobial: Antimicrobial | None = None
    cold_chain: bool | None = None
    max_single_dose: DoseIn | None = None
    max_daily_dose: DoseIn | None = None
    route: Route | None = None


# The fields a patch may not set to null.
REQUIRED_FIELDS = frozenset({
    "code", "generic_name", "specification", "dosage_form", "atc", "strength", "strength_unit",
    "unit", "package_size", "package_unit", "price_fen", "rx", "cold_chain"})


class DrugOut(BaseModel):
    id: uuid.UUID
    organisation_id: uuid.UUID
    code: str
    generic_name: str
    trade_name: str | None
    pinyin: str = Field(description="the names' initials, for search: XBDPKSP BXT")
    specification: str
    dosage_form: str
    atc: str
    strength: DoseOut
    strength_unit: str
    unit: str
    package_size: int
    package_unit: str
    price_fen: int
    rx: bool
    insurance: Insurance | None
    control: Control | None
    antimicrobial: Antimicrobial | None
    cold_chain: bool
    max_single_dose: DoseOut | None
    max_daily_dose: DoseOut | None
    route: Route | None
    active: bool
    stock_packages: int = Field(description="packages in batches not expired")
    created_at: datetime
    updated_at: datetime
    may_edit: bool = Field(description="the reader may edit the catalogue and its stock")


class DeactivateIn(Input):
    reason: Reason = Field(description="why it is taken off the list (停用原因)")


class BatchOut(BaseModel):
    id: uuid.UUID
    batch_no: str
    expires_on: date
    quantity: int = Field(description="packages")
    expired: bool
    expires_soon: bool = Field(description="expires within 30 days")
    received_at: datetime
    received_by_name: str | None


class StockOut(BaseModel):
    drug: DrugOut
    stock_packages: int = Field(description="packages in batches not expired")
    batches: list[BatchOut] = Field(description="earliest expiry first")


StockFilter = Literal["out", "expiring"]


class ReceiveIn(Input):
    drug_id: uuid.UUID
    batch_no: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                               max_length=BATCH_LENGTH)] = Field(
        description="批号; the same batch number and expiry adds to that batch")
    expires_on: Day = Field(description="有效期至: the last day it may be dispensed")
    quantity: int = Field(ge=1, le=MAX_PACKAGES, description="packages received")


class AdjustIn(Input):
    quantity: int = Field(ge=0, le=MAX_PACKAGES, description="the packages counted (盘点)")
    reason: Reason


class ImportIn(Input):
    file_id: uuid.UUID = Field(description="an upload of your own: CSV (UTF-8) or .xlsx")


class ImportProblemOut(BaseModel):
    row: int = Field(description="as the spreadsheet numbers it: the header is row 1")
    column: str = Field(description="the format's English name of the column")
    header: str = Field(description="the column's header as the file wrote it")
    code: str = Field(description="missing-value, unknown-value, bad-number, bad-price, "
                                  "bad-package-size, bad-atc, duplicate-code, too-long, "
                                  "bad-text")
    message_zh: str
    message_en: str
    value: str


class ImportOut(BaseModel):
    id: uuid.UUID
    organisation_id: uuid.UUID
    file_id: uuid.UUID
    filename: str
    state: ImportState
    total_rows: int
    rows_done: int = Field(description="rows checked; the changes are written after the last")
    added: int
    updated: int
    unchanged: int
    problem_count: int
    ignored_columns: list[str] = Field(description="headers that are not the format's")
    inactive_codes: list[str] = Field(description="rows matching inactive drugs: updated, "
                                                  "still inactive")
    failure: str | None = Field(description="why a failed import stopped, as a code: "
                                "interrupted, file-content-missing, file-too-large, "
                                "catalogue-unreadable...")
    created_at: datetime
    created_by: uuid.UUID
    created_by_name: str | None
    finished_at: datetime | None


class ImportDetailOut(ImportOut):
    problems: list[ImportProblemOut] = Field(description="the first 1000; problem_count says "
                                                         "how many there are")
