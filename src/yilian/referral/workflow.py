"""Two-way referral as transition tables (seed 004 §2.3.3–2.4, DESIGN §6): one for referrals up
the alliance, one for referrals back down. Rules read a :class:`Parties` view of the case."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from yilian.core import workflow
from yilian.core.authz import Actor, Role
from yilian.core.clock import as_utc
from yilian.core.errors import Conflict
from yilian.core.workflow import Guard, Transition, Workflow, nobody
from yilian.referral.models import Referral, State

# Who refers a patient (and, at the receiving end, treats or takes the patient in).
REFERRING_ROLES = frozenset({Role.grassroots_doctor, Role.family_doctor, Role.specialist,
                             Role.mdt_expert})
# Who may confirm that a patient arrived: the ward and the office as well as the doctors.
ARRIVAL_ROLES = REFERRING_ROLES | {Role.nurse, Role.coordinator}


@dataclass
class Parties:
    case: Referral
    # The head of the target department, if it has one.
    department_head: uuid.UUID | None = None
    # The target is a township or village clinic (its doctors receive, without an office).
    clinic: bool = False


def referring_side(a: Actor, p: Parties) -> bool:
    """A doctor at the referring organisation (the referrer or a colleague covering)."""
    return a.role in REFERRING_ROLES and a.org_id == p.case.source_org_id


def receiving_office(a: Actor, p: Parties) -> bool:
    """The receiving organisation's referral office (its coordinators), the head of the
    department the referral names, or at a township or village clinic (which has no office)
    its doctors."""
    if a.org_id != p.case.target_org_id:
        return False
    return (a.role == Role.coordinator
            or (p.department_head is not None and a.user_id == p.department_head)
            or (p.clinic and a.role in REFERRING_ROLES))


def receiving_ward(a: Actor, p: Parties) -> bool:
    return a.role in ARRIVAL_ROLES and a.org_id == p.case.target_org_id


def receiving_doctor(a: Actor, p: Parties) -> bool:
    return a.role in REFERRING_ROLES and a.org_id == p.case.target_org_id


def receiving_clinic(a: Actor, p: Parties) -> bool:
    """At a township or village: its doctors, or its office."""
    return receiving_doctor(a, p) or (a.role == Role.coordinator
                                      and a.org_id == p.case.target_org_id)


def _before_reserved_time(p: Parties, now: datetime) -> Conflict | None:
    if p.case.reserved_at is not None and now >= as_utc(p.case.reserved_at):
        return None
    return Conflict("the reserved time has not come yet", code="not-yet-due",
                    title_zh="预约时间未到", title_en="Not yet due")


RESERVED_TIME_CAME = Guard("the reserved time has come", _before_reserved_time)


S = State
_REFERRER = "doctor at the referring organisation"
_OFFICE = ("coordinator of the receiving organisation, the head of the named department, or "
           "a doctor of a receiving township or village clinic")


def _request_steps(receiver: str, may_receive) -> list[Transition[State]]:
    """Answering a request, and the referrer's ways out: the same in both directions."""
    return [
        Transition("reject", {S.requested}, S.rejected, who=receiver, may=may_receive,
                   zh="拒绝转诊", en="Reject"),
        Transition("redirect", {S.requested}, S.requested, who=receiver, may=may_receive,
                   zh="改转其他科室或机构", en="Redirect"),
        Transition("reraise", {S.rejected}, S.reraised, who=_REFERRER, may=referring_side,
                   zh="重新发起", en="Raise again"),
    ]


UP = workflow.register(Workflow("referral_up", State, initial=S.requested,
                                final=frozenset({S.returned, S.reraised, S.cancelled}),
                                transitions=[
    Transition("accept", {S.requested}, S.accepted, who=_OFFICE, may=receiving_office,
               zh="接收并预约", en="Accept and reserve"),
    *_request_steps(_OFFICE, receiving_office),
    Transition("cancel", {S.requested, S.accepted}, S.cancelled, who=_REFERRER,
               may=referring_side, zh="取消转诊", en="Cancel"),
    Transition("arrive", {S.accepted, S.no_show}, S.arrived,
               who="doctor, nurse or coordinator of the receiving organisation",
               may=receiving_ward, zh="确认到院", en="Confirm arrival"),
    # The ward marks it once the time has come; the platform does, hours after it.
    Transition("no_show", {S.accepted}, S.no_show,
               who="doctor, nurse or coordinator of the receiving organisation",
               may=receiving_ward, zh="标记未到院", en="Mark as not arrived",
               guards=[RESERVED_TIME_CAME], platform=True),
    Transition("treat", {S.arrived}, S.treated, who="doctor of the receiving organisation",
               may=receiving_doctor, zh="诊治完成", en="Treatment finished"),
    # Taken by the platform, never by a person: when the down-referral that names this one is
    # accepted at the township or village, the loop is closed.
    Transition("return", {S.treated}, S.returned,
               who="the platform, when the down-referral naming this one is accepted",
               may=nobody, zh="已转回基层", en="Returned to the community", platform=True),
]))

DOWN = workflow.register(Workflow("referral_down", State, initial=S.requested,
                                  final=frozenset({S.accepted, S.reraised, S.cancelled}),
                                  transitions=[
    Transition("accept", {S.requested}, S.accepted,
               who="doctor or coordinator of the receiving township or village",
               may=receiving_clinic, zh="接收患者", en="Take the patient in"),
    *_request_steps("doctor or coordinator of the receiving township or village",
                    receiving_clinic),
    Transition("cancel", {S.requested}, S.cancelled, who=_REFERRER, may=referring_side,
               zh="取消转诊", en="Cancel"),
]))
