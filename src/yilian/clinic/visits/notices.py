"""What the people of an online visit are told. Outward channels (SMS, WeChat) carry only the
case number, times and organisation names, never the patient or the diagnosis."""

from __future__ import annotations

from yilian.messaging.notifications.templates import register_words

# key: (in-app title zh, en, body zh, body en, SMS zh)
TEXTS: dict[str, tuple[str, str, str, str, str]] = {
    "held": (
        "请完成支付", "Please pay to book",
        "复诊预约{case_number}已为您保留号源至{time}，请在此之前完成支付。",
        "Online visit {case_number}: the slot is held until {time}; please pay before then.",
        "复诊预约{case_number}请于{time}前完成支付。"),
    "booked": (
        "复诊预约成功", "Online visit booked",
        "复诊预约{case_number}已支付成功，就诊时间{time}，请当天签到候诊。",
        "Online visit {case_number} is paid; it is at {time}: check in on the day.",
        "复诊预约{case_number}已成功，就诊时间{time}，请当天签到。"),
    "new_booking": (
        "新的复诊预约", "New online visit",
        "您的出诊有新的复诊预约{case_number}（{time}）。",
        "Your session has a new online visit {case_number} ({time}).",
        "您有新的复诊预约{case_number}。"),
    "lapsed": (
        "预约已过期", "Booking lapsed",
        "复诊预约{case_number}未在时限内支付，号源已释放。",
        "Online visit {case_number} was not paid in time; the slot was released.",
        "复诊预约{case_number}未按时支付，已自动取消。"),
    "cancelled": (
        "复诊已取消", "Online visit cancelled",
        "复诊{case_number}已取消，已付费用将原路退回。",
        "Online visit {case_number} was cancelled; what was paid is refunded.",
        "复诊{case_number}已取消。"),
    "checked_in": (
        "患者已签到", "The patient checked in",
        "复诊{case_number}的患者已签到候诊。",
        "The patient of online visit {case_number} has checked in.",
        "复诊{case_number}的患者已签到。"),
    "called": (
        "医生已叫号", "The doctor is calling you",
        "复诊{case_number}：医生已叫号，请进入问诊。",
        "Online visit {case_number}: the doctor is calling you; please join.",
        "复诊{case_number}医生已叫号，请登录医联平台进入问诊。"),
    "missed": (
        "您已过号", "You missed your call",
        "复诊{case_number}：您未应答叫号，已重新排队。",
        "Online visit {case_number}: you did not answer the call and are back in the queue.",
        "复诊{case_number}您已过号，已重新排队。"),
    "no_show": (
        "复诊已结束（未到）", "Visit ended: you did not come",
        "复诊{case_number}：您两次未应答叫号，本次复诊已结束。",
        "Online visit {case_number}: you missed the call twice; the visit has ended.",
        "复诊{case_number}两次过号，已结束。"),
    "started": (
        "医生已开始接诊", "The visit has started",
        "复诊{case_number}：医生已开始接诊。",
        "Online visit {case_number}: the doctor has started the visit.",
        "复诊{case_number}医生已开始接诊。"),
    "finished": (
        "门诊病历已签发", "Your outpatient record is ready",
        "复诊{case_number}已完成，门诊病历{document_number}已签发，可在健康档案中查看。",
        "Online visit {case_number} is finished; outpatient record {document_number} is in your "
        "health record.",
        "复诊{case_number}已完成，门诊病历已签发。"),
    "not_eligible": (
        "不适合线上复诊", "Not eligible for an online visit",
        "复诊{case_number}：医生认为不适合线上复诊（{reason}），费用全额退回，请线下就诊或转诊。",
        "Online visit {case_number}: the doctor found it not eligible ({reason}); the fee is "
        "refunded in full. Please see a doctor in person or ask for a referral.",
        "复诊{case_number}不适合线上复诊，费用全额退回。"),
    "referred_offline": (
        "请线下就诊", "Please come in person",
        "复诊{case_number}：医生建议您到医院线下就诊（{reason}）。",
        "Online visit {case_number}: the doctor asks you to come in person ({reason}).",
        "复诊{case_number}医生建议您线下就诊，请登录医联平台查看。"),
    "closed": (
        "复诊已超时关闭", "Online visit closed",
        "复诊{case_number}开始后48小时未完成，已关闭。",
        "Online visit {case_number} was open 48 hours after it started and is closed.",
        "复诊{case_number}已超时关闭。"),
    "unanswered": (
        "医生未回复，已退款", "Unanswered, refunded",
        "复诊{case_number}：医生未在时限内回复，费用全额退回。",
        "Online visit {case_number}: the doctor did not answer in time; the fee is refunded.",
        "复诊{case_number}医生未按时回复，费用全额退回。"),
    "session_stopped": (
        "医生停诊，预约已取消", "The session was stopped",
        "复诊{case_number}所在出诊已停诊（{reason}），预约已取消，如已付款将全额退回，请另行预约。",
        "The session of online visit {case_number} was stopped ({reason}); the booking is "
        "cancelled and anything paid is refunded in full. Please book another time.",
        "复诊{case_number}因医生停诊已取消。"),
    "stopped_choose": (
        "医生停诊，请改约或退款", "Session stopped: move or refund",
        "复诊{case_number}所在出诊已停诊（{reason}）。请在{time}前改约同一医生或科室的其他出诊"
        "（费用不变），或申请退款；逾期未选择将全额退款。",
        "The session of online visit {case_number} was stopped ({reason}). Before {time}, move "
        "it to another session of the doctor or department (same fee) or take the refund; "
        "otherwise it is refunded in full.",
        "复诊{case_number}因医生停诊，请于{time}前登录医联平台改约或退款。"),
    "stop_refunded": (
        "停诊未改约，已退款", "Not moved: refunded",
        "复诊{case_number}未在时限内改约，已付费用全额退回。",
        "Online visit {case_number} was not moved in time; what was paid is refunded in full.",
        "复诊{case_number}未改约，费用全额退回。"),
    "moved": (
        "复诊已改约", "Online visit moved",
        "复诊{case_number}已改约，新的就诊时间{time}，请当天签到候诊。",
        "Online visit {case_number} was moved; it is now at {time}: check in on the day.",
        "复诊{case_number}已改约，就诊时间{time}。"),
    "substituted": (
        "出诊医生已更换", "Another doctor holds the session",
        "复诊{case_number}所在出诊改由{doctor}医生接诊，就诊时间不变。",
        "Online visit {case_number}: {doctor} now holds the session; the time is unchanged.",
        "复诊{case_number}的出诊医生已更换，时间不变。"),
    "overdue": (
        "复诊超时", "Online visit overdue",
        "复诊{case_number}已超过{limit}时限（截止{time}），请督办。",
        "Online visit {case_number} is past its {limit} limit (due {time}); please follow up.",
        "复诊{case_number}已超时，请登录医联平台督办。"),
}
SMS_SAFE = frozenset({"case_number", "time", "limit", "document_number"})
register_words("case_title", {"online_visit": ("在线复诊", "online follow-up visit")})
