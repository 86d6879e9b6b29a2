"""Per-user channel preferences: validated addresses, stored encrypted, audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from tests.messaging.notifications.helpers import API
from yilian.core.audit import AuditEntry
from yilian.messaging.notifications.models import Preference

PREFS = f"{API}/preferences"


async def test_defaults_inbox_on_every_outward_channel_off(client, world):
    r = await world.client_as(client, "patient_pa").get(PREFS)
    assert r.status_code == 200
    assert r.json() == {"inbox": True, "channels": [
        {"channel": "sms", "enabled": False, "address": None},
        {"channel": "wechat", "enabled": False, "address": None},
        {"channel": "email", "enabled": False, "address": None},
    ]}


async def test_saving_normalises_encrypts_and_audits(app, client, world, query):
    me = world.client_as(client, "patient_pa")
    r = await me.patch(PREFS, json={"channels": [
        {"channel": "sms", "enabled": True, "address": "+86 138-0013-8000"},
        {"channel": "email", "enabled": False, "address": " pa@example.org "},
    ]})
    assert r.status_code == 200, r.text
    assert r.json()["channels"] == [
        {"channel": "sms", "enabled": True, "address": "13800138000"},
        {"channel": "wechat", "enabled": False, "address": None},
        {"channel": "email", "enabled": False, "address": "pa@example.org"},
    ]
    assert (await me.get(PREFS)).json() == r.json()
    async with app.state.sessionmaker() as db:
        raw = (await db.execute(text("SELECT address FROM notification_preferences"))).scalars()
        assert all("13800138000" not in a and "example.org" not in a for a in raw)
    [entry] = await query(select(AuditEntry).where(
        AuditEntry.action == "notifications.preferences_changed"))
    assert entry.detail == {"enabled": ["sms"]}
    assert str(entry.actor_user_id) == str(world.users["patient_pa"])
    # Channels not listed stay as they were; another user is untouched.
    r = await me.patch(PREFS, json={"channels": [{"channel": "sms", "enabled": False}]})
    assert [c["enabled"] for c in r.json()["channels"]] == [False, False, False]
    assert r.json()["channels"][2]["address"] == "pa@example.org"
    other = (await world.client_as(client, "specialist_a").get(PREFS)).json()
    assert all(c["address"] is None for c in other["channels"])


@pytest.mark.parametrize("item, field", [
    ({"channel": "sms", "enabled": True}, "channels.0.address"),
    ({"channel": "sms", "enabled": True, "address": "0763-1234567"}, "channels.0.address"),
    ({"channel": "sms", "enabled": True, "address": "not a phone"}, "channels.0.address"),
    ({"channel": "email", "enabled": True, "address": "no-at-sign"}, "channels.0.address"),
    ({"channel": "wechat", "enabled": True, "address": "bad openid!"}, "channels.0.address"),
    ({"channel": "fax", "enabled": True, "address": "1"}, "channels.0.channel"),
    ({"channel": "sms", "enabled": True, "address": "13800138000", "extra": 1},
     "channels.0.extra"),
])
async def test_bad_preferences_are_refused_and_nothing_changes(app, client, world, query, item,
                                                               field):
    r = await world.client_as(client, "nurse_a1").patch(PREFS, json={"channels": [item]})
    assert r.status_code == 422, r.text
    assert field in {e["field"] for e in r.json()["errors"]}
    assert await query(select(Preference)) == []


async def test_a_channel_listed_twice_is_refused(client, world, query):
    r = await world.client_as(client, "nurse_a1").patch(PREFS, json={"channels": [
        {"channel": "sms", "enabled": False}, {"channel": "sms", "enabled": False}]})
    assert r.status_code == 422
    assert await query(select(Preference)) == []
