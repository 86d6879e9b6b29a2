"""API shapes of identity."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from yilian.core.authz import Role
from yilian.core.schemas import Day, Input, Moment
from yilian.identity.models import ProfessionalTitle, ProxyRelation, UserKind

Username = Field(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9_.@-]+$")
Password = Field(min_length=1, max_length=128)



class LoginIn(Input):
    username: str = Field(min_length=1, max_length=64)
    password: str = Password
    # API clients ask for the token in the body; the web keeps it in an HttpOnly cookie only.
    token_in_body: bool = False


class TotpLoginIn(Input):
    mfa_token: str = Field(min_length=10, max_length=100)
    code: str = Field(min_length=6, max_length=6, pattern=r"^[0-9]{6}$")
    token_in_body: bool = False


class GrantOut(BaseModel):
    id: uuid.UUID
    role: Role
    organisation_id: uuid.UUID
    organisation_name: str
    valid_from: datetime
    valid_until: datetime | None
    revoked_at: datetime | None


class PractitionerOut(BaseModel):
    title: ProfessionalTitle
    title_label: str
    licence_no: str | None
    verified: bool
    independent_practice_since: date | None


class PatientRef(BaseModel):
    id: uuid.UUID
    name: str
    relation: ProxyRelation | None = None


class Me(BaseModel):
    id: uuid.UUID
    username: str
    display_name: str
    kind: UserKind
    totp_enabled: bool
    totp_required: bool
    active_grant: GrantOut | None
    grants: list[GrantOut]
    practitioner: PractitionerOut | None
    patient: PatientRef | None
    proxied_patients: list[PatientRef]


class LoginOut(BaseModel):
    status: Literal["ok", "totp_required"]
    me: Me | None = None
    mfa_token: str | None = None
    token: str | None = None
    csrf_token: str | None = None


class SwitchGrantIn(Input):
    grant_id: uuid.UUID


class PasswordChangeIn(Input):
    current_password: str = Password
    new_password: str = Password


class TotpSetupOut(BaseModel):
    secret: str
    otpauth_uri: str


class TotpEnableIn(Input):
    code: str = Field(min_length=6, max_length=6, pattern=r"^[0-9]{6}$")


class StepUpIn(Input):
    """Password and code again, however fresh the session (before an online clinic). The code
    is needed from whoever has two-factor sign-in on (all staff where the deployment asks)."""

    password: str = Password
    code: str | None = Field(None, min_length=6, max_length=6, pattern=r"^[0-9]{6}$")


class StepUpOut(BaseModel):
    stepped_up_at: datetime


class GrantIn(Input):
    role: Role
    organisation_id: uuid.UUID
    valid_from: Moment | None = None
    valid_until: Moment | None = None


class PractitionerIn(Input):
    title: ProfessionalTitle
    licence_no: str | None = Field(default=None, max_length=32, pattern=r"^[0-9A-Za-z-]+$")
    independent_practice_since: Day | None = Field(
        None, description="since when the practitioner practises independently (独立执业)")


class UserCreate(Input):
    username: str = Username
    display_name: str = Field(min_length=1, max_length=64)
    password: str = Password
    practitioner: PractitionerIn | None = None
    grants: list[GrantIn] = Field(default_factory=list, max_length=20)
    registrations: list[uuid.UUID] = Field(default_factory=list, max_length=20)
    # 所属机构; by default the first registration's organisation, else the first grant's.
    home_organisation_id: uuid.UUID | None = None


class UserPatch(Input):
    display_name: str | None = Field(default=None, min_length=1, max_length=64)
    active: bool | None = None
    # Moving the account to another home needs an administrator over both homes.
    home_organisation_id: uuid.UUID | None = None


class PasswordResetIn(Input):
    """A new password an administrator sets (and hands over in person); sessions end."""

    password: str = Password


class VerificationIn(Input):
    verified: bool
    # Recorded with the check of the person's papers; left as it was when omitted, cleared by null.
    independent_practice_since: Day | None = Field(
        None, description="since when the practitioner practises independently (独立执业); "
                          "unchanged when omitted")


class RegistrationIn(Input):
    organisation_id: uuid.UUID
    primary: bool = False


class RegistrationOut(BaseModel):
    organisation_id: uuid.UUID
    organisation_name: str
    primary: bool


class UserGrantOut(GrantOut):
    # Whether the administrator reading this may revoke the grant (its organisation in scope).
    may_revoke: bool = False


class UserOut(BaseModel):
    id: uuid.UUID
    username: str
    display_name: str
    kind: UserKind
    active: bool
    totp_enabled: bool
    locked_until: datetime | None
    practitioner: PractitionerOut | None
    grants: list[UserGrantOut]
    registrations: list[RegistrationOut]
    home_organisation_id: uuid.UUID | None = None
    home_organisation_name: str | None = None
    # Whether the reader may make account-wide changes (active, real-name verification, password
    # and second-factor reset, name, home, unlock): the account's home is within their scope.
    may_manage_account: bool = False


class TitleOut(BaseModel):
    code: ProfessionalTitle
    label_zh: str
    label_en: str


class PatientAccountCreate(Input):
    patient_id: uuid.UUID
    username: str = Username
    display_name: str = Field(min_length=1, max_length=64)
    password: str = Password


class ProxyIn(Input):
    patient_id: uuid.UUID
    relation: Literal["parent", "child", "spouse", "guardian"]
    may_manage_consent: bool = False
    valid_until: Moment | None = None
