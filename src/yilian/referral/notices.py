"""What the people concerned by a referral are told. Outward channels (SMS, WeChat) carry only
the case number, times, places and organisation names, never the patient or the diagnosis."""

from __future__ import annotations

from yilian.messaging.notifications.templates import register_words

# key: (in-app title zh, en, body zh, body en, SMS zh)
TEXTS: dict[str, tuple[str, str, str, str, str]] = {
    "requested": (
        "新的转诊申请", "New referral",
        "{org}转来患者（转诊单{case_number}），请审核接收。",
        "{org} refers a patient (referral {case_number}); please review it.",
        "{org}发来转诊申请{case_number}，请登录医联平台处理。"),
    "accepted": (
        "转诊已接收", "Referral accepted",
        "转诊{case_number}已被接收（{time} {place}）。",
        "Referral {case_number} was accepted ({time} {place}).",
        "转诊{case_number}已被接收，请登录医联平台查看。"),
    "go_there": (
        "请按时前往就诊", "Please go at the reserved time",
        "您的转诊{case_number}已被{org}接收，请于{time}前往{place}。",
        "Your referral {case_number} was accepted by {org}: please go to {place} at {time}.",
        "您的转诊已被{org}接收，请于{time}前往{place}。"),
    "rejected": (
        "转诊未被接收", "Referral rejected",
        "转诊{case_number}未被接收：{reason}。可改转其他机构或重新发起。",
        "Referral {case_number} was rejected: {reason}. You can raise it again elsewhere.",
        "转诊{case_number}未被接收，请登录医联平台查看原因。"),
    "redirected": (
        "转诊已改转", "Referral redirected",
        "转诊{case_number}已改转至{org}：{reason}",
        "Referral {case_number} was redirected to {org}: {reason}",
        "转诊{case_number}已改转至{org}。"),
    "cancelled": (
        "转诊已取消", "Referral cancelled",
        "转诊{case_number}已被转出方取消：{reason}",
        "Referral {case_number} was cancelled by the referring side: {reason}",
        "转诊{case_number}已取消。"),
    "arrived": (
        "患者已到院", "The patient has arrived",
        "转诊{case_number}的患者已到院。",
        "The patient of referral {case_number} has arrived.",
        "转诊{case_number}的患者已到院。"),
    "no_show": (
        "患者未按时到院", "The patient did not come",
        "转诊{case_number}的患者未在预约时间到院，请联系患者。",
        "The patient of referral {case_number} did not come at the reserved time; please "
        "contact them.",
        "转诊{case_number}的患者未按时到院，请登录医联平台查看。"),
    "treated": (
        "患者已完成诊治", "Treatment finished",
        "转诊{case_number}的患者已完成诊治，等待回转基层。",
        "The patient of referral {case_number} has been treated and awaits the return.",
        "转诊{case_number}的患者已完成诊治。"),
    "returned": (
        "患者已转回基层", "The patient is back in the community",
        "转诊{case_number}的患者已转回基层，随访任务已生成。",
        "The patient of referral {case_number} is back in the community; follow-ups are set.",
        "转诊{case_number}的患者已转回基层。"),
    "overdue": (
        "转诊超时", "Referral overdue",
        "转诊{case_number}已超过{limit}时限（截止{time}），请督办。",
        "Referral {case_number} is past its {limit} limit (due {time}); please follow up.",
        "转诊{case_number}已超时，请登录医联平台督办。"),
}
SMS_SAFE = frozenset({"case_number", "time", "org", "place", "limit"})
# The time limits ``limit`` names (kind.py's deadlines).
register_words("limit", {"answer": ("接收", "answer"), "arrive": ("到院", "arrival"),
                         "take_in": ("基层接收", "take-in")})
# The conversation titles service.py gives.
register_words("case_title", {"referral_up": ("上转转诊", "referral up"),
                              "referral_down": ("下转转诊", "referral down")})

