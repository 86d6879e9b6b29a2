"""Identity tables."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from yilian.core.authz import Role
from yilian.core.crypto import Encrypted
from yilian.core.db import Base, Timestamps, UUIDPk, str_enum


class UserKind(enum.StrEnum):
    staff = "staff"
    patient = "patient"


class ProfessionalTitle(enum.StrEnum):
    """职称, by track (physician, pharmacist, nurse, technician), senior first."""

    chief_physician = "chief_physician"  # 主任医师
    associate_chief_physician = "associate_chief_physician"  # 副主任医师
    attending_physician = "attending_physician"  # 主治医师
    resident_physician = "resident_physician"  # 医师
    assistant_physician = "assistant_physician"  # 助理医师
    village_doctor = "village_doctor"  # 乡村医生
    chief_pharmacist = "chief_pharmacist"  # 主任药师
    associate_chief_pharmacist = "associate_chief_pharmacist"  # 副主任药师
    supervisor_pharmacist = "supervisor_pharmacist"  # 主管药师
    pharmacist = "pharmacist"  # 药师
    chief_nurse = "chief_nurse"  # 主任护师
    associate_chief_nurse = "associate_chief_nurse"  # 副主任护师
    supervisor_nurse = "supervisor_nurse"  # 主管护师
    senior_nurse = "senior_nurse"  # 护师
    nurse = "nurse"  # 护士
    chief_technician = "chief_technician"  # 主任技师
    supervisor_technician = "supervisor_technician"  # 主管技师
    technician = "technician"  # 技师
    none = "none"  # 管理人员等, no clinical title


TITLE_LABELS: dict[ProfessionalTitle, tuple[str, str]] = {
    ProfessionalTitle.chief_physician: ("主任医师", "Chief physician"),
    ProfessionalTitle.associate_chief_physician: ("副主任医师", "Associate chief physician"),
    ProfessionalTitle.attending_physician: ("主治医师", "Attending physician"),
    ProfessionalTitle.resident_physician: ("医师", "Physician"),
    ProfessionalTitle.assistant_physician: ("助理医师", "Assistant physician"),
    ProfessionalTitle.village_doctor: ("乡村医生", "Village doctor"),
    ProfessionalTitle.chief_pharmacist: ("主任药师", "Chief pharmacist"),
    ProfessionalTitle.associate_chief_pharmacist: ("副主任药师", "Associate chief pharmacist"),
    ProfessionalTitle.supervisor_pharmacist: ("主管药师", "Supervising pharmacist"),
    ProfessionalTitle.pharmacist: ("药师", "Pharmacist"),
    ProfessionalTitle.chief_nurse: ("主任护师", "Chief nurse"),
    ProfessionalTitle.associate_chief_nurse: ("副主任护师", "Associate chief nurse"),
    ProfessionalTitle.supervisor_nurse: ("主管护师", "Supervising nurse"),
    ProfessionalTitle.senior_nurse: ("护师", "Senior nurse"),
    ProfessionalTitle.nurse: ("护士", "Nurse"),
    ProfessionalTitle.chief_technician: ("主任技师", "Chief technician"),
    ProfessionalTitle.supervisor_technician: ("主管技师", "Supervising technician"),
    ProfessionalTitle.technician: ("技师", "Technician"),
    ProfessionalTitle.none: ("无", "None"),
}


class ProxyRelation(enum.StrEnum):
    self_ = "self"
    parent = "parent"
    child = "child"
    spouse = "spouse"
    guardian = "guardian"


class User(UUIDPk, Timestamps, Base):
    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[UserKind] = mapped_column(str_enum(UserKind, "user_kind"))
    password_hash: Mapped[str] = mapped_column(String(200))
    password_changed_at: Mapped[datetime]
    active: Mapped[bool] = mapped_column(default=True)
    totp_secret: Mapped[str | None] = mapped_column(Encrypted("users.totp_secret"))
    totp_enabled: Mapped[bool] = mapped_column(default=False)
    # The last accepted TOTP time step, so a code cannot be replayed.
    totp_last_step: Mapped[int | None]
    # 所属机构: the organisation whose administrators (and those above it) may change the
    # account as a whole: disable it, verify the person, reset the password or the second factor
    # (docs/decisions/0015). Grants elsewhere do not make it theirs. Staff only; a staff account
    # without one is managed from the alliance root alone.
    home_organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisations.id"), index=True
    )


class PasswordHistory(UUIDPk, Base):
    __tablename__ = "password_history"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]


class Practitioner(Timestamps, Base):
    __tablename__ = "practitioners"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), primary_key=True)
    title: Mapped[ProfessionalTitle] = mapped_column(str_enum(ProfessionalTitle, "professional_title"))
    licence_no: Mapped[str | None] = mapped_column(String(32), unique=True)
    verified: Mapped[bool] = mapped_column(default=False)
    verified_at: Mapped[datetime | None]
    verified_by: Mapped[uuid.UUID | None]
    # 独立执业: since when the practitioner practises on their own licence (an online clinic
    # needs three years of it, 互联网诊疗管理办法); None when not recorded.
    independent_practice_since: Mapped[date | None]


class PracticeRegistration(UUIDPk, Base):
    """多点执业: the organisations where a practitioner is registered to practise."""

    __tablename__ = "practice_registrations"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    primary: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]


class RoleGrant(UUIDPk, Base):
    __tablename__ = "role_grants"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"))
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    valid_from: Mapped[datetime]
    valid_until: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    created_by: Mapped[uuid.UUID | None]
    revoked_by: Mapped[uuid.UUID | None]


class PatientLink(UUIDPk, Base):
    """A patient account's link to a record: its own, or one it acts for as a family proxy."""

    __tablename__ = "patient_links"
    __table_args__ = (UniqueConstraint("user_id", "patient_id"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    relation: Mapped[ProxyRelation] = mapped_column(str_enum(ProxyRelation, "proxy_relation"))
    # A proxy reads the record; managing consent on the patient's behalf is a separate right.
    may_manage_consent: Mapped[bool] = mapped_column(default=False)
    valid_until: Mapped[datetime | None]
    created_at: Mapped[datetime]


class SessionStage(enum.StrEnum):
    totp_pending = "totp_pending"  # password accepted, code not yet
    active = "active"


class Session(UUIDPk, Base):
    __tablename__ = "sessions"
    __table_args__ = (Index("ix_sessions_user_revoked", "user_id", "revoked_at"),)

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_hash: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    grant_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("role_grants.id"))
    stage: Mapped[SessionStage] = mapped_column(str_enum(SessionStage, "session_stage"))
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    revoke_reason: Mapped[str | None] = mapped_column(String(32))
    # Re-authenticated (password and code) in this session, for work that asks it again (an
    # online clinic session: 实名).
    stepped_up_at: Mapped[datetime | None]
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(200))


class LoginThrottle(Base):
    """Failure counters per user name and per source address (whether the user exists or not)."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    first_failure_at: Mapped[datetime | None]
    locked_until: Mapped[datetime | None]
