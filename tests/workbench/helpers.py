"""The workbench tests' alliance (the consultation tests' one) and how a workbench is read."""

from __future__ import annotations

from typing import Any

from tests.consultation.helpers import application

WORKBENCH = "/api/v1/workbench"


def people(world, client):
    """The village doctor who applies, county A's office and its cardiology head."""
    return (world.client_as(client, "village_doctor"), world.client_as(client, "coordinator_a"),
            world.client_as(client, "specialist_a"))


async def apply(world, village, **over) -> dict[str, Any]:
    """A consultation applied for by ``village`` (the village doctor by default)."""
    r = await village.post("/api/v1/consultations", json=application(world, **over))
    assert r.status_code == 201, r.text
    return r.json()


async def todo(user) -> list[tuple[str, list[str]]]:
    """The numbers on the person's to-do list, in order, with the actions offered."""
    r = await user.get(WORKBENCH)
    assert r.status_code == 200, r.text
    return [(i["number"], [a["action"] for a in i["actions"]]) for i in r.json()["todo"]]
