"""Alliance tables. ``Organisation.path`` stores the ancestor chain for fast scoped queries."""

from __future__ import annotations

import enum
import uuid
from datetime import date

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from yilian.core.db import Base, Timestamps, UUIDPk, str_enum


class OrgLevel(enum.StrEnum):
    province = "province"
    city = "city"
    county = "county"
    town = "town"
    village = "village"
    community = "community"
    pharmacy = "pharmacy"
    school_clinic = "school_clinic"
    enterprise_clinic = "enterprise_clinic"


# Rank in the alliance hierarchy: a parent's rank must be strictly smaller than its child's.
# Other points of care sit at the grassroots, beside villages (a community centre beside towns).
LEVEL_RANK: dict[OrgLevel, int] = {
    OrgLevel.province: 1,
    OrgLevel.city: 2,
    OrgLevel.county: 3,
    OrgLevel.town: 4,
    OrgLevel.community: 4,
    OrgLevel.village: 5,
    OrgLevel.pharmacy: 5,
    OrgLevel.school_clinic: 5,
    OrgLevel.enterprise_clinic: 5,
}


class OrgKind(enum.StrEnum):
    general_hospital = "general_hospital"
    tcm_hospital = "tcm_hospital"
    maternal_child = "maternal_child"
    health_centre = "health_centre"
    village_clinic = "village_clinic"
    community_centre = "community_centre"
    pharmacy = "pharmacy"
    clinic = "clinic"


class CentreKind(enum.StrEnum):
    ecg = "ecg"
    imaging = "imaging"
    lab = "lab"
    pathology = "pathology"


class AgreementService(enum.StrEnum):
    consultation = "consultation"
    referral = "referral"
    diagnosis = "diagnosis"


class Organisation(UUIDPk, Timestamps, Base):
    __tablename__ = "organisations"
    __table_args__ = (Index("ix_organisations_path", "path"),)

    name: Mapped[str] = mapped_column(String(100), unique=True)
    short_name: Mapped[str | None] = mapped_column(String(40))
    level: Mapped[OrgLevel] = mapped_column(str_enum(OrgLevel, "org_level"))
    kind: Mapped[OrgKind] = mapped_column(str_enum(OrgKind, "org_kind"))
    division_code: Mapped[str] = mapped_column(String(6), index=True)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    # "/<root id hex>/.../<own id hex>/": every ancestor, then itself.
    path: Mapped[str] = mapped_column(String(400))
    address: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(default=True)


class Department(UUIDPk, Timestamps, Base):
    __tablename__ = "departments"
    __table_args__ = (UniqueConstraint("organisation_id", "code"),)

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(80))
    active: Mapped[bool] = mapped_column(default=True)
    # 科主任: accepts the consultations routed to the department or hands them to its doctors.
    head_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    # Where a referred patient goes and whom they call: shown on the reservation card.
    phone: Mapped[str | None] = mapped_column(String(32))
    location: Mapped[str | None] = mapped_column(String(200))


class DiagnosisCentre(UUIDPk, Timestamps, Base):
    __tablename__ = "diagnosis_centres"

    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[CentreKind] = mapped_column(str_enum(CentreKind, "centre_kind"))
    host_organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id"), index=True
    )
    active: Mapped[bool] = mapped_column(default=True)


class CentreMember(Base):
    __tablename__ = "diagnosis_centre_members"

    centre_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("diagnosis_centres.id"), primary_key=True
    )
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id"), primary_key=True, index=True
    )


class Agreement(UUIDPk, Timestamps, Base):
    __tablename__ = "alliance_agreements"

    organisation_a_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    organisation_b_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    services: Mapped[list[str]] = mapped_column(JSON)
    valid_from: Mapped[date]
    valid_until: Mapped[date | None]
    active: Mapped[bool] = mapped_column(default=True)
