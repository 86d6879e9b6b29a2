"""Where a referred patient goes and whom they call: the receiving department's phone and
location, else its organisation's phone, and the organisation's address."""

from __future__ import annotations

from tests.referral.helpers import prepare, referral
from yilian.alliance import service as alliance
from yilian.alliance.schemas import DepartmentPatch, OrganisationPatch

API = "/api/v1/referrals"


async def test_the_referral_names_the_departments_phone_and_location(client, world):
    setup = await prepare(world)
    async with world.app.state.sessionmaker() as db:
        for key, phone in (("A", "0731-1000"), ("A1", "0731-2000")):
            await alliance.update_organisation(db, world.clock, None, world.orgs[key].id,
                                               OrganisationPatch(phone=phone,
                                                                 address=f"{key} 人民路 1 号"))
        await alliance.update_department(db, world.clock, None, setup.depts["cardio_a"],
                                         DepartmentPatch(phone="0731-8401 8002",
                                                         location="住院楼 5 楼东区"))
    village = world.client_as(client, "village_doctor")

    r = await village.post(API, json=referral(
        world, target="A", target_department_id=str(setup.depts["cardio_a"]),
        skip_reason="卫生院无心内科"))
    assert r.status_code == 201, r.text
    seen = (await world.client_as(client, "patient_pa").get(f"{API}/{r.json()['id']}")).json()
    assert (seen["target_phone"], seen["target_department_location"], seen["target_address"]) == (
        "0731-8401 8002", "住院楼 5 楼东区", "A 人民路 1 号")

    # A department without a phone of its own: the organisation's; no location.
    r = await village.post(API, json=referral(
        world, target="A1", target_department_id=str(setup.depts["general_a1"])))
    assert r.status_code == 201, r.text
    seen = (await village.get(f"{API}/{r.json()['id']}")).json()
    assert (seen["target_phone"], seen["target_department_location"], seen["target_address"]) == (
        "0731-2000", None, "A1 人民路 1 号")
