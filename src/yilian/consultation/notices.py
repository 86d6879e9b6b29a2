"""What the people concerned are told at each step of a consultation.

In-app texts may name the step's details; outward channels (SMS, WeChat) carry only the case
number, a time and organisation names, never the patient or the clinical question.
"""

from __future__ import annotations

from yilian.messaging.notifications.templates import register_words

# key: (in-app title zh, en, body zh, body en, SMS zh)
TEXTS: dict[str, tuple[str, str, str, str, str]] = {
    "requested": (
        "新的会诊申请", "New consultation request",
        "{org}提出会诊申请{case_number}，请分诊。",
        "{org} requests consultation {case_number}; please route it.",
        "{org}提出会诊申请{case_number}，请登录医联平台处理。"),
    "routed": (
        "会诊待安排专家", "A consultation needs an expert",
        "会诊{case_number}已分诊到{department}，请安排专家。",
        "Consultation {case_number} was routed to {department}; please assign an expert.",
        "会诊{case_number}待安排专家，请登录医联平台处理。"),
    "returned": (
        "会诊被科室退回", "A department handed back a consultation",
        "会诊{case_number}被科室退回：{reason}",
        "Consultation {case_number} was handed back: {reason}",
        "会诊{case_number}被科室退回，请登录医联平台处理。"),
    "assigned": (
        "会诊已安排专家", "An expert was assigned",
        "会诊{case_number}已安排专家{expert}。",
        "Consultation {case_number} was assigned to {expert}.",
        "会诊{case_number}已安排专家，请登录医联平台查看。"),
    "withdrawn": (
        "专家退回会诊", "The expert handed back a consultation",
        "专家退回会诊{case_number}：{reason}",
        "The expert handed back consultation {case_number}: {reason}",
        "会诊{case_number}需重新安排专家，请登录医联平台处理。"),
    "dispatched": (
        "多学科会诊待科室审核", "An MDT asks your department",
        "多学科会诊{case_number}请{department}审核并确定专家。",
        "MDT {case_number} asks {department} to accept and name its experts.",
        "多学科会诊{case_number}待科室审核，请登录医联平台处理。"),
    "answered": (
        "科室已审核多学科会诊", "A department answered an MDT",
        "{department}已审核多学科会诊{case_number}。",
        "{department} has answered MDT {case_number}.",
        "多学科会诊{case_number}有科室审核结果，请登录医联平台查看。"),
    "panel": (
        "会诊专家组已确定", "The consultation panel is set",
        "会诊{case_number}的专家组已确定，请预约会诊时间。",
        "The panel of consultation {case_number} is set; please book the time.",
        "会诊{case_number}专家组已确定，请登录医联平台预约时间。"),
    "scheduled": (
        "会诊时间已确定", "Consultation time booked",
        "会诊{case_number}定于{time}进行，请提前查阅患者资料。",
        "Consultation {case_number} takes place at {time}; please read the materials beforehand.",
        "会诊{case_number}定于{time}进行，请登录医联平台查看资料。"),
    # The patient's own words (no instructions for clinicians): booked, rebooked and started.
    "patient_booked": (
        "您的远程会诊已预约", "Your remote consultation is booked",
        "您的远程会诊{case_number}定于{time}进行，请提前到达就诊机构。",
        "Your remote consultation {case_number} takes place at {time}; please arrive at your clinic "
        "in good time.",
        "您的远程会诊{case_number}定于{time}进行，请按时到达。"),
    "patient_started": (
        "您的远程会诊已开始", "Your remote consultation has started",
        "您的远程会诊{case_number}已开始，专家正在为您会诊。",
        "Your remote consultation {case_number} has started; the experts are with you now.",
        "您的远程会诊{case_number}已开始。"),
    "patient_invited": (
        "您的远程会诊已开始，请进入视频", "Your remote consultation has started: please join",
        "您的远程会诊{case_number}已开始，专家正在等您，请点击进入视频会诊。",
        "Your remote consultation {case_number} has started and the experts are waiting: "
        "open it to join the video session.",
        "您的远程会诊{case_number}已开始，请登录进入视频会诊。"),
    "info_requested": (
        "会诊需补充资料", "More information needed",
        "专家要求为会诊{case_number}补充资料：{reason}",
        "The expert asks for more information for consultation {case_number}: {reason}",
        "会诊{case_number}需补充资料，请登录医联平台处理。"),
    "info_supplied": (
        "会诊资料已补充", "Information supplied",
        "会诊{case_number}的资料已补充。",
        "Information for consultation {case_number} was supplied.",
        "会诊{case_number}资料已补充，请登录医联平台查看。"),
    "opinion": (
        "次席专家已录入意见", "A specialty opinion is in",
        "会诊{case_number}有次席专家录入了专科意见。",
        "A secondary expert entered a specialty opinion for consultation {case_number}.",
        "会诊{case_number}有新的专科意见，请登录医联平台查看。"),
    "started": (
        "会诊已开始", "The consultation has started",
        "会诊{case_number}已开始，请进入视频会诊。",
        "Consultation {case_number} has started; please join the video session.",
        "会诊{case_number}已开始，请登录医联平台加入视频会诊。"),
    "reported": (
        "会诊报告已签发", "Consultation report issued",
        "会诊{case_number}的报告{document_number}已签发，请查阅并确认。",
        "The report {document_number} of consultation {case_number} is issued; please read and "
        "acknowledge it.",
        "会诊{case_number}报告已签发，请登录医联平台查阅。"),
    "report_ready": (
        "您的会诊报告已出", "Your consultation report is ready",
        "您的远程会诊{case_number}已出具报告{document_number}，可在“我的会诊”中查看。",
        "The report {document_number} of your remote consultation {case_number} is ready under "
        "My consultations.",
        "您的远程会诊{case_number}已出具报告，请登录医联平台查看。"),
    "addendum": (
        "会诊报告有补充", "Addendum to a consultation report",
        "会诊{case_number}的报告有补充说明{document_number}。",
        "Consultation {case_number} has an addendum {document_number}.",
        "会诊{case_number}报告有补充，请登录医联平台查阅。"),
    "acknowledged": (
        "会诊报告已确认", "Report acknowledged",
        "邀请方已确认收到会诊{case_number}的报告。",
        "The inviting side acknowledged the report of consultation {case_number}.",
        "会诊{case_number}报告已被确认。"),
    "declined": (
        "会诊申请未被接受", "Consultation declined",
        "会诊{case_number}未被接受：{reason}",
        "Consultation {case_number} was declined: {reason}",
        "会诊{case_number}未被接受，请登录医联平台查看原因。"),
    "cancelled": (
        "会诊已取消", "Consultation cancelled",
        "会诊{case_number}已被邀请方取消：{reason}",
        "Consultation {case_number} was cancelled by the inviting side: {reason}",
        "会诊{case_number}已取消。"),
    "overdue": (
        "会诊超时", "Consultation overdue",
        "会诊{case_number}已超过{limit}时限（截止{time}），请督办。",
        "Consultation {case_number} is past its {limit} limit (due {time}); please follow up.",
        "会诊{case_number}已超时，请登录医联平台督办。"),
}
SMS_SAFE = frozenset({"case_number", "time", "org", "department", "limit"})
# The time limits ``limit`` names (kind.py's deadlines).
register_words("limit", {"schedule": ("预约", "booking"), "complete": ("完成", "completion")})
# The conversation titles steps.py gives.
register_words("case_title", {"consultation_single": ("单学科会诊", "single-specialty consultation"),
                              "consultation_mdt": ("多学科会诊", "MDT consultation")})

