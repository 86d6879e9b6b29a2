"""Every step a person takes, asked from every state it is not allowed from, by the person it
is otherwise theirs: refused 409 ``wrong-state`` naming the states it is allowed from, and the
visit left as it was. (The steps taken rightfully are walked in test_story and test_steps.)"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import update

from tests.clinic.visits.helpers import VISITS, book, make_setting
from yilian.clinic.visits.models import ClinicVisit, State
from yilian.clinic.visits.workflow import VISIT

RECORD = {"chief_complaint": "头晕", "history": "高血压十年", "diagnosis_icd10": "I10",
          "diagnosis_text": "原发性高血压", "advice": "继续服药"}
# path, the action the table knows it by, who takes it, its body
STEPS = [("/check-in", "check_in", "patient_pa", {}),
         ("/cancel", "cancel", "patient_pa", {"reason": "临时有事"}),
         ("/miss", "miss", "specialist_a", {}),
         ("/start", "start", "specialist_a", {}),
         ("/finish", "finish", "specialist_a", RECORD),
         ("/not-eligible", "not_eligible", "specialist_a", {"reason": "需线下检查"}),
         ("/refer-offline", "refer_offline", "specialist_a", {"reason": "请线下就诊"})]


def sources(action: str) -> set[State]:
    return {s for t in VISIT.transitions if t.action == action for s in t.sources}


@pytest.mark.parametrize("state", list(State), ids=lambda s: s.value)
async def test_steps_from_a_state_they_are_not_allowed_from(app, client, world, state):
    s = await make_setting(app, client, world)
    visit = await book(client, s)
    async with app.state.sessionmaker() as db:
        await db.execute(update(ClinicVisit).where(ClinicVisit.id == uuid.UUID(visit["id"]))
                         .values(state=state))
        await db.commit()
    refused = [(path, who, body) for path, action, who, body in STEPS
               if state not in sources(action)]
    assert refused
    for path, who, body in refused:
        r = await world.client_as(client, who).post(f"{VISITS}/{visit['id']}{path}", json=body)
        assert (r.status_code, r.json()["code"]) == (409, "wrong-state"), (path, r.text)
        assert state.value not in r.json()["allowed_from"]
    seen = await world.client_as(client, "patient_pa").get(f"{VISITS}/{visit['id']}")
    assert seen.json()["state"] == state.value
