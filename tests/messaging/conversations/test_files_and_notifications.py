"""Images and files in a conversation (uploaded through the files module and attached to the
conversation), who may download them, and the notifications of membership changes."""

from __future__ import annotations

from sqlalchemy import select

from tests.files.helpers import FILES, pdf, png, upload
from tests.messaging.conversations.helpers import API, open_case, set_people
from yilian.messaging.conversations.models import Message
from yilian.messaging.notifications.models import Notification


async def test_an_uploaded_image_or_file_becomes_a_message_for_the_participants(
    app, client, world, clock, query
):
    ref = await open_case(app, clock, world, "village_doctor", "specialist_a", "specialist_b")
    village = world.client_as(client, "village_doctor")
    image_id = await upload(village, png(30_000), filename="心电图.png", filetype="image/png")
    report_id = await upload(village, pdf(5_000), filename="化验单.pdf",
                             filetype="application/pdf")

    r = await village.post(f"{API}/{ref.id}/messages", json={"file_id": str(image_id)})
    assert r.status_code == 201, r.text
    assert r.json()["kind"] == "image"
    assert r.json()["file"] == {"id": str(image_id), "filename": "心电图.png",
                                "content_type": "image/png", "size": 30_000, "is_image": True}
    r = await village.post(f"{API}/{ref.id}/messages", json={"file_id": str(report_id)})
    assert r.status_code == 201 and r.json()["kind"] == "file"

    specialist = world.client_as(client, "specialist_a")
    page = (await specialist.get(f"{API}/{ref.id}/messages")).json()
    assert [(m["kind"], m["file"]["filename"]) for m in page["items"]] == [
        ("image", "心电图.png"), ("file", "化验单.pdf")]
    content = await specialist.get(f"{FILES}/{image_id}/content")
    assert content.status_code == 200 and len(content.content) == 30_000

    # Someone outside the conversation may not download it; a removed participant no longer.
    assert (await world.client_as(client, "coordinator_a").get(
        f"{FILES}/{image_id}/content")).status_code == 403
    await set_people(app, clock, world, ref, "village_doctor", "specialist_a")
    assert (await world.client_as(client, "specialist_b").get(
        f"{FILES}/{image_id}/content")).status_code == 403

    # A file belongs to one record: it cannot be sent into another case's conversation.
    other = await open_case(app, clock, world, "village_doctor", "specialist_a")
    r = await village.post(f"{API}/{other.id}/messages", json={"file_id": str(image_id)})
    assert r.status_code == 409
    # Only the uploader may send an upload.
    own = await upload(specialist, png(2_000))
    r = await village.post(f"{API}/{ref.id}/messages", json={"file_id": str(own)})
    assert r.status_code == 403
    assert len(await query(select(Message).where(Message.conversation_id == other.id))) == 0


async def test_a_retracted_file_is_withheld_from_the_list(app, client, world, clock):
    ref = await open_case(app, clock, world, "village_doctor", "specialist_a")
    village = world.client_as(client, "village_doctor")
    file_id = await upload(village, png(2_000))
    sent = (await village.post(f"{API}/{ref.id}/messages", json={"file_id": str(file_id)})).json()
    r = await village.post(f"{API}/{ref.id}/messages/{sent['id']}/retract",
                           json={"reason": "传错了图片"})
    assert r.status_code == 201
    page = (await world.client_as(client, "specialist_a").get(f"{API}/{ref.id}/messages")).json()
    assert page["items"][0]["retracted"] is True and page["items"][0]["file"] is None


async def test_added_and_removed_users_are_notified(app, client, world, clock, query, settle):
    ref = await open_case(app, clock, world, "village_doctor", "specialist_a")
    await set_people(app, clock, world, ref, "village_doctor", "specialist_b")
    await settle()
    rows = await query(select(Notification).order_by(Notification.template))
    assert [(n.user_id, n.template, n.link) for n in rows] == [
        (world.users["specialist_b"], "conversation.added", f"/conversations/{ref.id}"),
        (world.users["specialist_a"], "conversation.removed", None),
    ]
    assert all(n.entity_type == "conversation" and n.entity_id == str(ref.id) for n in rows)
