"""The online follow-up visit as a transition table (issue 15, DESIGN §6 互联网复诊). Rules read a
:class:`Parties` view of the visit. Beyond the table, calling and starting need the doctor's
re-authentication within the last hours (service.py: it is the person's, not the visit's)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from yilian.clinic.policy import DOCTOR_ROLES
from yilian.clinic.visits.models import ClinicVisit, State
from yilian.core import workflow
from yilian.core.authz import Actor, Role
from yilian.core.clock import SHANGHAI, as_utc
from yilian.core.errors import Conflict
from yilian.core.workflow import Guard, Transition, Workflow, nobody

# Who books for a patient who is with them (代问诊).
PROXY_ROLES = frozenset({Role.grassroots_doctor, Role.family_doctor})


@dataclass
class Parties:
    case: ClinicVisit
    # The session's doctor now (after 替诊: the substitute).
    doctor_id: uuid.UUID


def patient_side(a: Actor, p: Parties) -> bool:
    """The patient (or a proxy of their account), or the village doctor who booked for them."""
    if a.role == Role.patient:
        return p.case.patient_id in a.patient_ids
    return (p.case.proxy_doctor_id is not None and a.user_id == p.case.proxy_doctor_id
            and a.role in PROXY_ROLES)


def session_doctor(a: Actor, p: Parties) -> bool:
    """The session's doctor, real-name verified."""
    return a.user_id == p.doctor_id and a.role in DOCTOR_ROLES and a.clinically_verified


def _on_the_day(p: Parties, now: datetime) -> Conflict | None:
    day = as_utc(p.case.slot_starts_at).astimezone(SHANGHAI).date()
    if now.astimezone(SHANGHAI).date() == day:
        return None
    return Conflict("check in on the day of the visit", code="not-the-day",
                    title_zh="请在就诊当天签到", title_en="Check in on the day of the visit")


def _first_miss(p: Parties, now: datetime) -> Conflict | None:
    return None if p.case.missed_count == 0 else Conflict(
        "the patient missed the call before: mark them as not come", code="missed-before",
        title_zh="患者已过号一次", title_en="Missed once already")


def _missed_before(p: Parties, now: datetime) -> Conflict | None:
    return None if p.case.missed_count > 0 else Conflict(
        "a first miss sends the patient back to the queue", code="first-miss",
        title_zh="首次过号应重新排队", title_en="First miss: back to the queue")


def _choice_open(p: Parties, now: datetime) -> Conflict | None:
    if p.case.choose_by is not None and now < as_utc(p.case.choose_by):
        return None
    return Conflict("the time to move the visit has passed: it is refunded", code="choice-closed",
                    title_zh="改约时限已过，将全额退款", title_en="Too late to move: refunded")


ON_THE_DAY = Guard("on the day of the visit", _on_the_day)
FIRST_MISS = Guard("the patient has not missed a call before", _first_miss)
MISSED_BEFORE = Guard("the patient missed a call before", _missed_before)
CHOICE_OPEN = Guard("within the time to choose after 停诊", _choice_open)

S = State
_PATIENT = "the patient, a proxy, or the village doctor who booked"
_DOCTOR = "the session's doctor (after 替诊 the substitute), real-name verified"

VISIT = workflow.register(Workflow("online_visit", State, initial=S.held, final=frozenset({
    S.finished, S.lapsed, S.cancelled, S.not_eligible, S.referred_offline, S.no_show, S.closed,
    S.unanswered}), transitions=[
    # The payment's hook, in the payment's transaction.
    Transition("pay", {S.held}, S.booked, who="the platform, when the order is paid",
               may=nobody, zh="支付成功", en="Paid", platform=True),
    Transition("lapse", {S.held}, S.lapsed, who="the platform, when the hold lapses unpaid",
               may=nobody, zh="超时未支付", en="Hold lapsed", platform=True),
    Transition("check_in", {S.booked}, S.waiting, who=_PATIENT, may=patient_side,
               zh="签到候诊", en="Check in", guards=[ON_THE_DAY]),
    # After 停诊 the patient side's cancel is taking the refund.
    Transition("cancel", {S.held, S.booked, S.waiting, S.called, S.stopped}, S.cancelled,
               who=_PATIENT, may=patient_side, zh="取消预约", en="Cancel"),
    Transition("call", {S.waiting}, S.called, who=_DOCTOR, may=session_doctor,
               zh="叫号", en="Call"),
    Transition("miss", {S.called}, S.waiting, who=_DOCTOR, may=session_doctor,
               zh="过号（重新排队）", en="Missed: back to the queue", guards=[FIRST_MISS]),
    Transition("no_show", {S.called}, S.no_show, who=_DOCTOR, may=session_doctor,
               zh="过号未到", en="Did not come", guards=[MISSED_BEFORE]),
    Transition("start", {S.called}, S.in_visit, who=_DOCTOR, may=session_doctor,
               zh="开始接诊", en="Start the visit"),
    Transition("finish", {S.in_visit}, S.finished, who=_DOCTOR, may=session_doctor,
               zh="签署门诊病历", en="Sign the outpatient record"),
    Transition("not_eligible", {S.called, S.in_visit}, S.not_eligible, who=_DOCTOR,
               may=session_doctor, zh="不适合线上复诊", en="Not eligible for an online visit"),
    Transition("refer_offline", {S.called, S.in_visit}, S.referred_offline, who=_DOCTOR,
               may=session_doctor, zh="建议线下就诊", en="Please come in person"),
    # 停诊: an unpaid hold is called off; a paid visit waits for the patient side to move it to
    # another session of the doctor or department (same fee) or take the refund; not chosen in
    # time, the platform refunds it.
    Transition("session_stopped", {S.held}, S.cancelled,
               who="the platform, when the session is stopped (停诊)", may=nobody,
               zh="停诊取消", en="Session stopped", platform=True),
    Transition("session_stopped", {S.booked, S.waiting, S.called}, S.stopped,
               who="the platform, when the session is stopped (停诊)", may=nobody,
               zh="停诊，待改约或退款", en="Session stopped: move or refund", platform=True),
    Transition("move", {S.stopped}, S.booked, who=_PATIENT, may=patient_side,
               zh="改约其他出诊", en="Move to another session", guards=[CHOICE_OPEN]),
    Transition("stop_refund", {S.stopped}, S.cancelled,
               who="the platform, when the patient side has not chosen in time", may=nobody,
               zh="停诊未改约，已退款", en="Not moved in time: refunded", platform=True),
    Transition("close", {S.in_visit}, S.closed, who="the platform, 48 hours after the start",
               may=nobody, zh="超时关闭", en="Closed", platform=True),
    Transition("unanswered", {S.waiting, S.called, S.in_visit}, S.unanswered,
               who="the platform, when a text visit has no doctor's answer in time",
               may=nobody, zh="医生未回复，已退款", en="Unanswered, refunded", platform=True),
]))
