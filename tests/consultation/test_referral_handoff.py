"""发起转诊 from a consultation report: a referral names the consultation whose published report
advised it, which the referring doctor must be able to read, for the same patient; anything
else is refused with nothing stored."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.consultation.helpers import booked, prepare
from tests.files.helpers import make_file
from yilian.referral.models import Referral

REPORT = {"findings": "心电图示ST段压低。", "opinion": "考虑不稳定型心绞痛，建议冠脉造影。",
          "diagnoses": [{"code": "I20.0", "name": "不稳定型心绞痛"}],
          "recommendations": "建议转诊县医院心内科。"}


async def _reported(client, world, setup, *, advised: bool) -> str:
    """A single consultation at county A whose report is published."""
    expert = world.client_as(client, "specialist_a")
    cid = await booked(client, world, setup, hours=0.1)
    url = f"/api/v1/consultations/{cid}"
    await expert.post(url + "/start", json={})
    await expert.put(url + "/draft", json={**REPORT, "referral_advised": advised})
    r = await expert.post(url + "/publish", json={})
    assert r.json()["state"] == "reported", r.text
    return cid


def _referral(world, cid: str, patient: str = "pa") -> dict:
    now = world.clock.now().isoformat()
    return {"patient_id": str(world.patients[patient]), "target_org_id": str(world.orgs["A"].id),
            "skip_reason": "会诊专家建议县医院心内科就诊", "reason": "会诊建议转诊",
            "diagnosis_icd10": "I20.0", "diagnosis_text": "不稳定型心绞痛",
            "summary": "会诊意见：考虑不稳定型心绞痛。", "treatment": "阿司匹林。",
            "consent": {"by": "patient", "name": "张秀英", "at": now},
            "from_consultation_id": cid}


async def _referrals(query) -> int:
    return (await query(select(func.count()).select_from(Referral)))[0]


async def test_a_referral_follows_from_a_report_that_advises_it(app, client, world, query):
    setup = await prepare(world)
    cid = await _reported(client, world, setup, advised=True)
    body = _referral(world, cid)
    # The signed consent form goes with it, known as the consent among the attachments.
    scan = str(await make_file(app, world, "village_doctor"))
    body["consent"]["file_id"] = scan
    r = await world.client_as(client, "village_doctor").post("/api/v1/referrals", json=body)
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["from_consultation_id"] == cid
    number = (await world.client_as(client, "village_doctor").get(
        f"/api/v1/consultations/{cid}")).json()["number"]
    assert out["from_consultation_number"] == number
    assert out["consent_file_id"] == scan
    assert [a["file_id"] for a in out["attachments"]] == [scan]


async def test_a_report_that_does_not_advise_referral_or_another_patient_is_refused(
        client, world, query):
    setup = await prepare(world)
    quiet = await _reported(client, world, setup, advised=False)
    village = world.client_as(client, "village_doctor")
    r = await village.post("/api/v1/referrals", json=_referral(world, quiet))
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "from_consultation_id"
    advised = await _reported(client, world, setup, advised=True)
    r = await village.post("/api/v1/referrals", json=_referral(world, advised, patient="pc"))
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "from_consultation_id"
    assert await _referrals(query) == 0


async def test_a_consultation_the_doctor_cannot_read_is_refused(client, world, query):
    setup = await prepare(world)
    cid = await _reported(client, world, setup, advised=True)
    r = await world.client_as(client, "town_doctor_a1").post(
        "/api/v1/referrals", json=_referral(world, cid))
    assert r.status_code == 403
    assert await _referrals(query) == 0
