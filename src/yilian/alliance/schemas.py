"""API shapes of the alliance structure."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from yilian.alliance.models import AgreementService, CentreKind, OrgKind, OrgLevel
from yilian.core.schemas import Day

# First two digits of GB/T 2260 administrative-division codes: the provinces, autonomous
# regions and municipalities, Taiwan, Hong Kong and Macao.
PROVINCE_CODES = frozenset([
    "11", "12", "13", "14", "15",  # 华北
    "21", "22", "23",  # 东北
    "31", "32", "33", "34", "35", "36", "37",  # 华东
    "41", "42", "43", "44", "45", "46",  # 中南
    "50", "51", "52", "53", "54",  # 西南
    "61", "62", "63", "64", "65",  # 西北
    "71", "81", "82",  # 台湾、香港、澳门
])
MAX_CENTRE_MEMBERS = 500
# Single-line text: no control characters (PostgreSQL refuses NUL outright).
SINGLE_LINE = r"^[^\x00-\x1f\x7f]*$"


def _real_province(code: str) -> str:
    if code[:2] not in PROVINCE_CODES:
        raise ValueError("the first two digits are not a province code")
    return code


def _no_duplicates(values: list) -> list:
    if len(set(values)) != len(values):
        raise ValueError("lists a value more than once")
    return values


def _text(max_length: int) -> StringConstraints:
    """Trimmed, non-empty single-line text of at most ``max_length`` characters."""
    return StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length,
                             pattern=SINGLE_LINE)


# Annotated spelled out, not built by a function: only such an alias is a type to mypy.
Name = Annotated[str, _text(100)]
ShortName = Annotated[str, _text(40)]
Address = Annotated[str, _text(200)]
DepartmentName = Annotated[str, _text(60)]
DepartmentNameEn = Annotated[str, _text(80)]


DivisionCode = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{6}$"),
    AfterValidator(_real_province),
    Field(description="6-digit administrative-division code (行政区划代码)"),
]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, max_length=32,
                                         pattern=r"^[0-9+()\- ]{5,32}$")]
DepartmentCode = Annotated[str, StringConstraints(strip_whitespace=True, max_length=16,
                                                  pattern=r"^[0-9A-Za-z][0-9A-Za-z.\-]*$")]
Members = Annotated[list[uuid.UUID], Field(max_length=MAX_CENTRE_MEMBERS),
                    AfterValidator(_no_duplicates)]
Services = Annotated[list[AgreementService], Field(min_length=1, max_length=len(AgreementService)),
                     AfterValidator(_no_duplicates)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- organisations


class OrganisationIn(Strict):
    name: Name
    short_name: ShortName | None = None
    level: OrgLevel
    kind: OrgKind
    division_code: DivisionCode
    parent_id: uuid.UUID | None = None
    address: Address | None = None
    phone: Phone | None = None


class OrganisationPatch(Strict):
    """Only the fields sent change; ``null`` clears an optional field."""

    name: Name | None = None
    short_name: ShortName | None = None
    level: OrgLevel | None = None
    kind: OrgKind | None = None
    division_code: DivisionCode | None = None
    parent_id: uuid.UUID | None = None
    address: Address | None = None
    phone: Phone | None = None


class OrganisationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    short_name: str | None
    level: OrgLevel
    kind: OrgKind
    division_code: str
    parent_id: uuid.UUID | None
    path: str
    active: bool
    address: str | None
    phone: str | None


class OrganisationNode(BaseModel):
    id: uuid.UUID
    name: str
    short_name: str | None
    level: OrgLevel
    kind: OrgKind
    division_code: str
    active: bool
    children: list[OrganisationNode] = Field(default_factory=list)


# ---------------------------------------------------------------- departments


class CatalogueEntry(BaseModel):
    code: str
    name: str
    name_en: str
    parent_code: str | None


class DepartmentIn(Strict):
    code: DepartmentCode = Field(description="a catalogue code, or a code of your own with a name")
    name: DepartmentName | None = Field(default=None, description="only for a code not in the catalogue")
    name_en: DepartmentNameEn | None = None
    phone: Phone | None = None
    location: Address | None = Field(default=None, description="where it is: building, floor, room")


class DepartmentPatch(Strict):
    """Only the fields sent change; ``head_user_id: null`` removes the head, ``phone: null`` and
    ``location: null`` clear them."""

    name: DepartmentName | None = None
    name_en: DepartmentNameEn | None = None
    phone: Phone | None = None
    location: Address | None = Field(default=None, description="where it is: building, floor, room")
    head_user_id: uuid.UUID | None = Field(
        default=None, description="the head (科主任): a user with a clinical role at the organisation"
    )


class DepartmentOut(BaseModel):
    id: uuid.UUID
    organisation_id: uuid.UUID
    code: str
    name: str
    name_en: str
    standard: bool = Field(description="named by the national catalogue")
    active: bool
    head_user_id: uuid.UUID | None
    head_name: str | None
    phone: str | None
    location: str | None


# ---------------------------------------------------------------- diagnosis centres


class CentreIn(Strict):
    name: Name
    kind: CentreKind
    host_organisation_id: uuid.UUID
    member_organisation_ids: Members = Field(default_factory=list)


class CentrePatch(Strict):
    name: Name | None = None
    member_organisation_ids: Members | None = Field(
        default=None, description="replaces the whole member list"
    )


class CentreOut(BaseModel):
    id: uuid.UUID
    name: str
    kind: CentreKind
    host_organisation_id: uuid.UUID
    host_organisation_name: str
    member_organisation_ids: list[uuid.UUID]
    active: bool


# ---------------------------------------------------------------- agreements


class AgreementIn(Strict):
    organisation_a_id: uuid.UUID
    organisation_b_id: uuid.UUID
    services: Services
    valid_from: Day
    valid_until: Day | None = Field(default=None, description="last day of validity, inclusive")


class AgreementPatch(Strict):
    services: Services | None = None
    valid_from: Day | None = None
    valid_until: Day | None = None


class AgreementOut(BaseModel):
    id: uuid.UUID
    organisation_a_id: uuid.UUID
    organisation_a_name: str
    organisation_b_id: uuid.UUID
    organisation_b_name: str
    services: list[AgreementService]
    valid_from: date
    valid_until: date | None
    active: bool
