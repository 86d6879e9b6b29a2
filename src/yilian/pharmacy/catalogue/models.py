"""Tables of the drug catalogue: drugs (per dispensing organisation), stock batches, and the
catalogue's imports. A drug is never deleted: prescriptions refer to it, so one taken off the
list is made inactive. A batch stays when emptied (what was dispensed from it is traceable)."""

from __future__ import annotations

import enum
import re
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pypinyin import Style, lazy_pinyin
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from yilian.core.db import Base, UUIDPk, str_enum

# The limits a drug's fields keep, whether typed in or imported.
CODE_LENGTH = 32
NAME_LENGTH = 100
FORM_LENGTH = 40
UNIT_LENGTH = 16
PINYIN_LENGTH = 2 * NAME_LENGTH + 1
BATCH_LENGTH = 40
# WHO ATC: anatomical group, two digits, two letters, two digits (C08CA05).
ATC_PATTERN = r"^[ABCDGHJLMNPRSV][0-9]{2}[A-Z]{2}[0-9]{2}$"
ATC = re.compile(ATC_PATTERN)
# Amounts of active ingredient: four decimals (0.0625 mg), below 10^8.
DOSE_DIGITS, DOSE_PLACES = 12, 4
MAX_PRICE_FEN = 100_000_000  # a million yuan a package
MAX_PACKAGE_SIZE = 100_000
MAX_PACKAGES = 1_000_000  # in one batch


class Insurance(enum.StrEnum):
    """医保类别 甲 乙 丙."""

    A = "A"
    B = "B"
    C = "C"


class Control(enum.StrEnum):
    """管制类别: specially controlled drugs, never prescribed online."""

    narcotic = "narcotic"  # 麻醉药品
    psychotropic_1 = "psychotropic_1"  # 第一类精神药品
    psychotropic_2 = "psychotropic_2"  # 第二类精神药品
    toxic = "toxic"  # 医疗用毒性药品
    radioactive = "radioactive"  # 放射性药品
    precursor = "precursor"  # 易制毒


class Antimicrobial(enum.StrEnum):
    """抗菌药物分级."""

    unrestricted = "unrestricted"  # 非限制使用级
    restricted = "restricted"  # 限制使用级
    special = "special"  # 特殊使用级


class Route(enum.StrEnum):
    """The default route of administration (给药途径)."""

    oral = "oral"
    iv_injection = "iv_injection"
    iv_drip = "iv_drip"
    im = "im"
    sc = "sc"
    topical = "topical"
    inhalation = "inhalation"
    sublingual = "sublingual"
    eye = "eye"
    rectal = "rectal"


class ImportState(enum.StrEnum):
    running = "running"
    rejected = "rejected"  # a row was invalid: nothing applied
    done = "done"
    failed = "failed"  # the file could not be read, or the work was interrupted


def search_initials(generic_name: str, trade_name: str | None) -> str:
    """What the ``pinyin`` column holds: the upper-case initials of the generic name, and of the
    trade name after a space (硝苯地平控释片, 拜新同 → "XBDPKSP BXT"). Latin letters and digits
    in a name stay (维生素B1片 → "WSSB1P"); other signs go."""

    def initials(name: str) -> str:
        letters = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, strict=False))
        return "".join(c for c in letters if c.isascii() and c.isalnum()).upper()

    parts = [initials(generic_name)]
    if trade_name:
        parts.append(initials(trade_name))
    return " ".join(p for p in parts if p)[:PINYIN_LENGTH]


def unit_text(unit: str) -> str:
    """A unit as stored: the micro sign and the Greek mu look alike, and dose checks compare
    units as text, so µg is stored as μg."""
    return unit.replace("\u00b5", "\u03bc")


DOSE = Numeric(DOSE_DIGITS, DOSE_PLACES)


class Drug(UUIDPk, Base):
    __tablename__ = "pharmacy_drugs"
    __table_args__ = (
        UniqueConstraint("organisation_id", "code"),
        CheckConstraint("price_fen >= 0 AND package_size >= 1 AND strength > 0", name="amounts"),
        # Searching by initials is a prefix match within one organisation.
        Index("ix_pharmacy_drugs_org_pinyin", "organisation_id", "pinyin",
              postgresql_ops={"pinyin": "varchar_pattern_ops"}),
    )

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    # The pharmacy's own code: unique at the organisation, the key an import updates by.
    code: Mapped[str] = mapped_column(String(CODE_LENGTH))
    generic_name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    trade_name: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    pinyin: Mapped[str] = mapped_column(String(PINYIN_LENGTH))
    specification: Mapped[str] = mapped_column(String(NAME_LENGTH))
    dosage_form: Mapped[str] = mapped_column(String(FORM_LENGTH))
    atc: Mapped[str] = mapped_column(String(7))
    strength: Mapped[Decimal] = mapped_column(DOSE)
    strength_unit: Mapped[str] = mapped_column(String(UNIT_LENGTH))
    unit: Mapped[str] = mapped_column(String(UNIT_LENGTH))
    package_size: Mapped[int] = mapped_column(Integer)
    package_unit: Mapped[str] = mapped_column(String(UNIT_LENGTH))
    # One package.
    price_fen: Mapped[int] = mapped_column(Integer)
    rx: Mapped[bool] = mapped_column(Boolean)
    insurance: Mapped[Insurance | None] = mapped_column(str_enum(Insurance, "drug_insurance"))
    control: Mapped[Control | None] = mapped_column(str_enum(Control, "drug_control"))
    antimicrobial: Mapped[Antimicrobial | None] = mapped_column(
        str_enum(Antimicrobial, "drug_antimicrobial"))
    cold_chain: Mapped[bool] = mapped_column(Boolean)
    # In strength_unit.
    max_single_dose: Mapped[Decimal | None] = mapped_column(DOSE)
    max_daily_dose: Mapped[Decimal | None] = mapped_column(DOSE)
    route: Mapped[Route | None] = mapped_column(str_enum(Route, "drug_route"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime]
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class StockBatch(UUIDPk, Base):
    """Packages of one drug from one batch (批号) with one expiry date. A drug's stock is the sum
    of its batches not yet expired; dispensing takes the earliest expiry first."""

    __tablename__ = "pharmacy_stock_batches"
    __table_args__ = (
        UniqueConstraint("drug_id", "batch_no", "expires_on"),
        CheckConstraint("quantity >= 0", name="quantity"),
        Index("ix_pharmacy_stock_batches_drug_expires", "drug_id", "expires_on"),
    )

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    drug_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("pharmacy_drugs.id"))
    batch_no: Mapped[str] = mapped_column(String(BATCH_LENGTH))
    # The last day it may be dispensed (有效期至).
    expires_on: Mapped[date] = mapped_column(Date)
    quantity: Mapped[int] = mapped_column(Integer)
    # The batch's first receipt; later receipts into it are in the audit log.
    received_at: Mapped[datetime]
    received_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class CatalogueImport(UUIDPk, Base):
    """One import of a catalogue file: checked whole, then applied whole or not at all."""

    __tablename__ = "pharmacy_catalogue_imports"
    __table_args__ = (
        # One running import per organisation: the second is refused here, even at once.
        Index("uq_pharmacy_catalogue_imports_running", "organisation_id", unique=True,
              postgresql_where=text("state = 'running'"), sqlite_where=text("state = 'running'")),
        Index("ix_pharmacy_catalogue_imports_org_created", "organisation_id", "created_at"),
        Index("ix_pharmacy_catalogue_imports_state_updated", "state", "updated_at"),
    )

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    file_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stored_files.id"))
    state: Mapped[ImportState] = mapped_column(str_enum(ImportState, "catalogue_import_state"))
    total_rows: Mapped[int] = mapped_column(Integer)
    # Rows checked so far: the progress shown while it runs.
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    added: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    problem_count: Mapped[int] = mapped_column(Integer, default=0)
    # problems (the first ones), ignored_columns, inactive_codes, failure.
    report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime]
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    # Moved on at each step: a running import that stops moving was interrupted.
    updated_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
