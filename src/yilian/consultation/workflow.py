"""The two consultation flows as transition tables (seed 004 §2.3.2, DESIGN §6).

Rules read a :class:`Parties` view of the case: the consultation row plus who heads the
departments involved and which experts take part, loaded once per request by the service.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from yilian.consultation.models import Consultation, ExpertRole, Kind, State
from yilian.core import workflow
from yilian.core.authz import Actor, Role
from yilian.core.errors import Conflict
from yilian.core.workflow import Guard, Transition, Workflow

# Who may apply for, book and acknowledge a consultation at the inviting organisation.
INVITING_ROLES = frozenset({Role.grassroots_doctor, Role.specialist, Role.family_doctor,
                            Role.mdt_expert})
# Who may be named an expert at the invited organisation.
EXPERT_ROLES = frozenset({Role.specialist, Role.mdt_expert})


@dataclass
class Parties:
    case: Consultation
    # department id -> the user heading it (None when the department has no head)
    heads: dict[uuid.UUID, uuid.UUID | None] = field(default_factory=dict)
    # active experts: user id -> role
    experts: dict[uuid.UUID, ExpertRole] = field(default_factory=dict)
    # MDT departments that have not answered yet
    pending: set[uuid.UUID] = field(default_factory=set)
    # The MDT's lead department has accepted.
    lead_accepted: bool = False
    # The MDT's secondary experts whose opinion is not in yet (their names).
    missing_opinions: list[str] = field(default_factory=list)


def inviting_side(a: Actor, p: Parties) -> bool:
    """A doctor at the inviting organisation (the applicant or a colleague covering)."""
    return a.role in INVITING_ROLES and a.org_id == p.case.inviting_org_id


def office(a: Actor, p: Parties) -> bool:
    """The invited organisation's internet-hospital office (its coordinators)."""
    return a.role == Role.coordinator and a.org_id == p.case.invited_org_id


def heads_department(a: Actor, p: Parties, department_id: uuid.UUID | None) -> bool:
    return (department_id is not None and a.org_id == p.case.invited_org_id
            and p.heads.get(department_id) == a.user_id)


def department(a: Actor, p: Parties) -> bool:
    """The routed department (its head), or the office acting for it."""
    return office(a, p) or heads_department(a, p, p.case.department_id)


def answering_department(a: Actor, p: Parties) -> bool:
    """The head of a department the MDT asked, or the office for it (which department, and
    whether it has answered already, the service checks against the body)."""
    return office(a, p) or any(heads_department(a, p, d) for d in p.heads)


def expert(a: Actor, p: Parties) -> bool:
    """The assigned expert (single) or the chief expert (MDT)."""
    return a.user_id == p.case.expert_id and a.org_id == p.case.invited_org_id


def any_expert(a: Actor, p: Parties) -> bool:
    return a.user_id in p.experts and a.org_id == p.case.invited_org_id


def secondary_expert(a: Actor, p: Parties) -> bool:
    return p.experts.get(a.user_id) == ExpertRole.secondary and a.org_id == p.case.invited_org_id


def inviting_or_expert(a: Actor, p: Parties) -> bool:
    return inviting_side(a, p) or expert(a, p)


def _answers_pending(p: Parties, now: object) -> Conflict | None:
    if not p.pending:
        return None
    return Conflict("some departments have not answered yet", code="answers-pending",
                    title_zh="仍有科室未审核", title_en="Answers pending")


def _lead_not_accepted(p: Parties, now: object) -> Conflict | None:
    if p.lead_accepted:
        return None
    return Conflict("the lead department has not accepted; send the MDT to another lead "
                    "department or decline it", code="lead-not-accepted",
                    title_zh="主会诊科室未接受", title_en="The lead department has not accepted")


def _opinions_missing(p: Parties, now: object) -> Conflict | None:
    if not p.missing_opinions:
        return None
    return Conflict("the secondary experts' opinions are not all in: "
                    + ", ".join(p.missing_opinions), code="opinions-missing",
                    title_zh="次席专家意见尚未全部录入", title_en="Specialty opinions missing",
                    missing=sorted(p.missing_opinions))


ANSWERED = Guard("every department asked has answered", _answers_pending)
LEAD_ACCEPTED = Guard("the lead department has accepted", _lead_not_accepted)
OPINIONS_IN = Guard("every secondary expert's opinion is in", _opinions_missing)

S = State
# A completed consultation still takes addenda, so only these have no way out.
FINAL = frozenset({S.declined, S.cancelled})

_INVITING = "doctor at the inviting organisation"
_OFFICE = "coordinator of the invited organisation"


def _common(lead: str) -> list[Transition[State]]:
    """The steps both flows share once a time can be booked."""
    expert_words = "assigned expert" if lead == "single" else "chief expert"
    before_agreed = {S.routed, S.assigned} if lead == "single" else {S.dispatched,
                                                                     S.panel_confirmed}
    return [
        Transition("reschedule", {S.scheduled}, S.scheduled,
                   who=f"{_INVITING} or the {expert_words}", may=inviting_or_expert,
                   zh="改约", en="Reschedule"),
        Transition("request_info", {S.scheduled}, S.info_requested, who="expert taking part",
                   may=any_expert, zh="要求补充资料", en="Ask for more information"),
        Transition("supply_info", {S.info_requested}, S.scheduled, who=_INVITING,
                   may=inviting_side, zh="补充资料", en="Supply information"),
        Transition("start", {S.scheduled}, S.in_session, who=expert_words, may=expert,
                   zh="开始会诊", en="Start the session"),
        Transition("acknowledge", {S.reported}, S.completed, who=_INVITING, may=inviting_side,
                   zh="确认收到报告", en="Acknowledge the report"),
        Transition("cancel", {S.requested, *before_agreed, S.scheduled, S.info_requested},
                   S.cancelled, who=_INVITING, may=inviting_side,
                   zh="取消申请", en="Cancel"),
        Transition("addendum", {S.reported}, S.reported, who=expert_words, may=expert,
                   zh="补充报告", en="Add an addendum"),
        Transition("addendum", {S.completed}, S.completed, who=expert_words, may=expert,
                   zh="补充报告", en="Add an addendum"),
    ]


SINGLE = workflow.register(Workflow("consultation", State, initial=S.requested, final=FINAL,
                                    transitions=[
    Transition("route", {S.requested}, S.routed, who=_OFFICE, may=office,
               zh="分诊到科室", en="Route to a department"),
    Transition("decline", {S.requested, S.routed}, S.declined, who=_OFFICE, may=office,
               zh="拒绝会诊", en="Decline"),
    Transition("return", {S.routed}, S.requested,
               who="head of the routed department, or the office", may=department,
               zh="科室退回", en="Return to the office"),
    Transition("assign", {S.routed, S.assigned}, S.assigned,
               who="head of the routed department, or the office", may=department,
               zh="安排专家", en="Assign an expert"),
    Transition("withdraw", {S.assigned, S.scheduled}, S.routed, who="assigned expert",
               may=expert, zh="专家退回", en="Hand back the assignment"),
    Transition("book", {S.assigned}, S.scheduled, who=_INVITING, may=inviting_side,
               zh="预约时间", en="Book the time"),
    *_common("single"),
    Transition("publish", {S.scheduled, S.in_session}, S.reported, who="assigned expert",
               may=expert, zh="签发会诊报告", en="Sign and publish the report"),
]))

MDT = workflow.register(Workflow("mdt_consultation", State, initial=S.requested, final=FINAL,
                                 transitions=[
    Transition("dispatch", {S.requested, S.dispatched}, S.dispatched, who=_OFFICE, may=office,
               zh="派发科室", en="Send to departments"),
    Transition("decline", {S.requested, S.dispatched}, S.declined, who=_OFFICE, may=office,
               zh="拒绝会诊", en="Decline"),
    Transition("answer", {S.dispatched}, S.dispatched,
               who="head of a department asked, or the office", may=answering_department,
               zh="科室审核", en="Accept or reject for a department"),
    Transition("confirm_panel", {S.dispatched}, S.panel_confirmed, who=_OFFICE, may=office,
               zh="确定专家组", en="Confirm the panel", guards=[ANSWERED, LEAD_ACCEPTED]),
    Transition("book", {S.panel_confirmed}, S.scheduled, who=_INVITING, may=inviting_side,
               zh="预约时间", en="Book the time"),
    Transition("coordinator", {S.panel_confirmed}, S.panel_confirmed, who="chief expert",
               may=expert, zh="协调员参与", en="Decide on a coordinator"),
    Transition("coordinator", {S.scheduled}, S.scheduled, who="chief expert", may=expert,
               zh="协调员参与", en="Decide on a coordinator"),
    Transition("opinion", {S.scheduled}, S.scheduled, who="secondary expert",
               may=secondary_expert, zh="录入专科意见", en="Enter a specialty opinion"),
    Transition("opinion", {S.in_session}, S.in_session, who="secondary expert",
               may=secondary_expert, zh="录入专科意见", en="Enter a specialty opinion"),
    *_common("mdt"),
    Transition("publish", {S.scheduled, S.in_session}, S.reported, who="chief expert",
               may=expert, zh="汇总并签发报告", en="Consolidate, sign and publish",
               guards=[OPINIONS_IN]),
]))


def flow(kind: Kind) -> Workflow[State]:
    return MDT if kind == Kind.mdt else SINGLE


def may_write_report(a: Actor, p: Parties) -> bool:
    """Whoever could publish from this state writes the draft that publishing needs."""
    t = flow(p.case.kind).step(p.case.state, "publish")
    return t is not None and t.may(a, p)
