"""What the people of a prescription are told. Outward channels (SMS, WeChat) carry the case
number, the codes the patient needs and organisation names, never a drug or the diagnosis."""

from __future__ import annotations

from yilian.messaging.notifications.templates import register_words

# key: (in-app title zh, en, body zh, body en, SMS zh)
TEXTS: dict[str, tuple[str, str, str, str, str]] = {
    "to_review": (
        "新处方待审核", "A prescription to review",
        "处方{case_number}已由医师签名，请审核。",
        "Prescription {case_number} is signed by the doctor: please review it.",
        "处方{case_number}待审核，请登录医联平台。"),
    "returned": (
        "处方被药师退回", "Prescription returned by the pharmacist",
        "处方{case_number}未通过审核（{reason}），请修改后重新开具。",
        "Prescription {case_number} did not pass the review ({reason}); please reissue it.",
        "处方{case_number}被药师退回，请登录医联平台。"),
    "approved": (
        "处方已审核，请选择取药方式并支付", "Prescription approved: choose and pay",
        "处方{case_number}已通过药师审核，请在{time}前选择配送或到卫生室取药并完成支付。",
        "Prescription {case_number} passed the pharmacist's review; choose delivery or pick-up "
        "and pay before {time}.",
        "处方{case_number}已审核通过，请于{time}前登录医联平台支付。"),
    "paid": (
        "处方已支付，待发药", "Paid: to dispense",
        "处方{case_number}已支付，请调配发药。",
        "Prescription {case_number} is paid: please dispense it.",
        "处方{case_number}已支付，请发药。"),
    "dispensed": (
        "药品已调配", "Your medicines are dispensed",
        "处方{case_number}的药品已调配发出。",
        "The medicines of prescription {case_number} are dispensed.",
        "处方{case_number}的药品已发出。"),
    "dispensed_pickup": (
        "药品即将送达卫生室", "Medicines on their way to your clinic",
        "处方{case_number}的药品已发往{organisation}，到达后可凭取药码{code}领取。",
        "The medicines of prescription {case_number} are on their way to {organisation}; pick "
        "them up there with code {code}.",
        "处方{case_number}的药品已发往{organisation}，取药码{code}。"),
    "to_arrive": (
        "有药品发往本卫生室", "Medicines coming to your clinic",
        "处方{case_number}的药品已发往本卫生室，到达后请确认并通知患者取药。",
        "The medicines of prescription {case_number} are coming to your clinic; confirm when "
        "they arrive.",
        "处方{case_number}的药品已发往本卫生室。"),
    "collected": (
        "快递已揽收", "Collected by the carrier",
        "处方{case_number}的药品已由{carrier}揽收，运单号{tracking_no}，签收时请告知快递员签收码"
        "{code}。",
        "The medicines of prescription {case_number} were collected by {carrier} (tracking "
        "{tracking_no}); tell the courier receipt code {code} on delivery.",
        "处方{case_number}已由{carrier}揽收，运单号{tracking_no}，签收码{code}。"),
    "at_clinic": (
        "药品已到卫生室，请取药", "Your medicines are at the clinic",
        "处方{case_number}的药品已到{organisation}，请凭取药码{code}领取。",
        "The medicines of prescription {case_number} are at {organisation}: pick them up with "
        "code {code}.",
        "处方{case_number}的药品已到{organisation}，取药码{code}。"),
    "received": (
        "药品已签收", "Medicines received",
        "处方{case_number}的药品已签收，用药清单已提交健康档案核对。",
        "The medicines of prescription {case_number} were received; the medication list goes "
        "to the record for confirmation.",
        "处方{case_number}的药品已签收。"),
    "voided": (
        "处方已作废", "Prescription voided",
        "处方{case_number}已由医师作废（{reason}）。",
        "Prescription {case_number} was voided by the doctor ({reason}).",
        "处方{case_number}已作废。"),
    "cancelled": (
        "处方已取消", "Prescription cancelled",
        "处方{case_number}已取消（{reason}），已付费用将原路退回。",
        "Prescription {case_number} was cancelled ({reason}); anything paid is refunded.",
        "处方{case_number}已取消。"),
    "lapsed": (
        "处方已过期", "Prescription lapsed",
        "处方{case_number}在有效期内未支付，已失效。",
        "Prescription {case_number} was not paid while valid and has lapsed.",
        "处方{case_number}已过期失效。"),
    "overdue": (
        "处方审核超时", "Prescription review overdue",
        "处方{case_number}已超过{limit}时限（截止{time}），请督办。",
        "Prescription {case_number} is past its {limit} limit (due {time}); please follow up.",
        "处方{case_number}审核超时，请登录医联平台督办。"),
}
SMS_SAFE = frozenset({"case_number", "time", "limit", "code", "carrier", "tracking_no",
                      "organisation"})
register_words("limit", {"review": ("审方", "review")})
register_words("case_title", {"prescription": ("电子处方", "e-prescription")})
