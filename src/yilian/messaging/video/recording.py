"""Recording an SFU call (decision 0021): off by default; only the chair starts it, confirming the
patient's consent, which is recorded with it; everyone in the call is told on screen and in the
conversation, and each one's seeing the notice is recorded. Janus writes each publisher's
streams (.mjr); when the recording stops they are moved aside and a job turns them into WebM /
Opus files (janus-pp-rec) stored as files of the recording, kept as process records for at least
three years (DESIGN §7), readable by the case's participants.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import shutil
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.core import audit
from yilian.core.accesslog import Basis
from yilian.core.authz import Actor, Role
from yilian.core.clock import Clock
from yilian.core.errors import Conflict, ValidationFailed
from yilian.core.realtime import hub
from yilian.core.storage import storage_for
from yilian.files import service as files
from yilian.identity import service as identity
from yilian.messaging.conversations import service as conversations
from yilian.messaging.video import sfu
from yilian.messaging.video.janus import JanusError
from yilian.messaging.video.models import (
    Grant,
    Recording,
    RecordingNotice,
    RecordingState,
)
from yilian.messaging.video.schemas import RecordingIn, RecordingOut
from yilian.patients import policy as patient_policy
from yilian.patients import service as patients
from yilian.settings import Settings

ENTITY = "video_recording"
PROCESS_JOB = "video.process_recording"
# A stopped recording still unprocessed after this long lost its job (a restart): the sweep does it.
PROCESS_AFTER = timedelta(minutes=2)
# Process records of a consultation are kept at least three years (DESIGN §7).
RETENTION = timedelta(days=3 * 366)
# videoroom-<room>-user-<publisher id>-<time>-<audio|video>-<mid>.mjr, as Janus names them.
_MJR = re.compile(r"-user-(\d+)-\d+-(audio|video)-\w+\.mjr$")
_OUTPUT = {"audio": (".opus", "audio/ogg"), "video": (".webm", "video/webm")}


class RecordingActive(Conflict):
    code = "recording-active"
    title_zh = "本次会诊已在录像"
    title_en = "The call is being recorded already"


class NotRecording(Conflict):
    code = "not-recording"
    title_zh = "当前没有在录像"
    title_en = "The call is not being recorded"


async def running(db: AsyncSession, conversation_id: uuid.UUID) -> Recording | None:
    return (await db.execute(select(Recording).where(
        Recording.conversation_id == conversation_id, Recording.stopped_at.is_(None)
    ))).scalar_one_or_none()


async def latest(db: AsyncSession, conversation_id: uuid.UUID) -> Recording | None:
    return (await db.execute(select(Recording).where(Recording.conversation_id == conversation_id)
                             .order_by(Recording.started_at.desc()).limit(1))).scalar_one_or_none()


async def out(db: AsyncSession, actor: Actor, rec: Recording | None) -> RecordingOut | None:
    if rec is None:
        return None
    seen = await db.get(RecordingNotice, (rec.id, actor.user_id)) is not None
    names = await identity.display_names(db, {rec.started_by})
    return RecordingOut(id=rec.id, state=rec.state, started_at=rec.started_at,
                        started_by=rec.started_by, started_by_name=names.get(rec.started_by, ""),
                        stopped_at=rec.stopped_at, acknowledged=seen)


def _message(rec: Recording) -> dict[str, object]:
    return {"type": "video.recording", "conversation_id": str(rec.conversation_id),
            "state": "recording" if rec.stopped_at is None else "stopped",
            "recording_id": str(rec.id), "started_by": str(rec.started_by),
            "started_at": rec.started_at.isoformat()}


async def start(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
                c: sfu.Control, data: RecordingIn) -> None:
    if data.consent_confirmed is not True:
        raise ValidationFailed.field("consent_confirmed",
                                     "the patient's consent to the recording must be confirmed")
    if await running(db, c.ref.id) is not None:
        raise RecordingActive("a recording of this call is running")
    assert c.room.janus_room is not None and c.room.janus_secret is not None
    rec = Recording(id=uuid.uuid4(), conversation_id=c.ref.id, case_type=str(c.ref.case_type),
                    case_id=c.ref.case_id, janus_room=c.room.janus_room,
                    started_by=actor.user_id, started_at=clock.now(),
                    consent_note=(data.consent_note or "").strip() or None,
                    state=RecordingState.recording)
    db.add(rec)
    await db.flush()  # the unique index refuses a second running recording here
    await sfu.janus(settings).record(c.room.janus_room, c.room.janus_secret, True)
    await audit.record(db, clock, actor, "video.recording.start", entity_type=sfu.ENTITY,
                       entity_id=c.ref.id, subject_org_id=c.ref.subject_org_id,
                       detail={"recording_id": str(rec.id), "consent_confirmed": True,
                               "consent_note": bool(rec.consent_note)})
    await conversations.post_system_message(db, clock, case_type=str(c.ref.case_type),
                                            case_id=c.ref.case_id, code="recording_started")
    await db.commit()
    await hub.publish(c.present, _message(rec))


async def _stop(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor | None,
                rec: Recording, janus_secret: str | None) -> None:
    rec.stopped_at, rec.stopped_by = clock.now(), actor.user_id if actor else None
    rec.state = RecordingState.processing
    if janus_secret is not None:
        # A Janus room that is gone closed its recorders with it.
        with contextlib.suppress(JanusError):
            await sfu.janus(settings).record(rec.janus_room, janus_secret, False)
    # Janus has closed this recording's files; moved aside, a next recording cannot mix in.
    room_dir = settings.resolved_recording_dir / str(rec.janus_room)
    target = settings.resolved_recording_dir / "done" / str(rec.id)
    target.mkdir(parents=True, exist_ok=True)
    for path in room_dir.glob("*.mjr") if room_dir.is_dir() else []:
        path.rename(target / path.name)
    await db.flush()
    await audit.record(db, clock, actor, "video.recording.stop", entity_type=sfu.ENTITY,
                       entity_id=rec.conversation_id, detail={"recording_id": str(rec.id)})
    await conversations.post_system_message(db, clock, case_type=rec.case_type,
                                            case_id=rec.case_id, code="recording_stopped")


async def stop(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
               c: sfu.Control) -> uuid.UUID:
    rec = await running(db, c.ref.id)
    if rec is None:
        raise NotRecording("no recording of this call is running")
    await _stop(db, clock, settings, actor, rec, c.room.janus_secret)
    await db.commit()
    await hub.publish(c.present, _message(rec))
    return rec.id


async def stop_on_close(db: AsyncSession, clock: Clock, settings: Settings,
                        conversation_id: uuid.UUID, janus_secret: str | None) -> uuid.UUID | None:
    """The conversation closed during a recording (the caller commits)."""
    rec = await running(db, conversation_id)
    if rec is None:
        return None
    await _stop(db, clock, settings, None, rec, janus_secret)
    return rec.id


async def unprocessed(db: AsyncSession, clock: Clock) -> list[uuid.UUID]:
    return list((await db.execute(select(Recording.id).where(
        Recording.state == RecordingState.processing,
        Recording.stopped_at < clock.now() - PROCESS_AFTER))).scalars())


async def acknowledge(db: AsyncSession, clock: Clock, actor: Actor, c: sfu.Control) -> None:
    rec = await running(db, c.ref.id)
    if rec is None:
        raise NotRecording("no recording of this call is running")
    if await db.get(RecordingNotice, (rec.id, actor.user_id)) is None:
        db.add(RecordingNotice(recording_id=rec.id, user_id=actor.user_id, seen_at=clock.now()))
        await audit.record(db, clock, actor, "video.recording.notice", entity_type=sfu.ENTITY,
                           entity_id=c.ref.id, subject_org_id=c.ref.subject_org_id,
                           detail={"recording_id": str(rec.id)})
    await db.commit()


# --- turning Janus's files into case files (a job) ---------------------------------------------


async def _chunks(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as f:  # noqa: ASYNC230 (a local file, read in 1 MiB pieces)
        while chunk := f.read(1 << 20):
            yield chunk


async def _convert(source: Path, target: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        "janus-pp-rec", str(source), str(target),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    _, err = await process.communicate()
    made = await asyncio.to_thread(lambda: target.exists() and target.stat().st_size > 0)
    if process.returncode != 0 or not made:
        raise RuntimeError(f"janus-pp-rec failed on {source.name}: {err.decode()[-300:]}")


async def process(db: AsyncSession, clock: Clock, settings: Settings,
                  recording_id: uuid.UUID) -> int:
    """Converts and stores a stopped recording's files; returns how many were stored."""
    rec = await db.get(Recording, recording_id)
    if rec is None or rec.state != RecordingState.processing:
        return 0
    folder = settings.resolved_recording_dir / "done" / str(rec.id)
    sources = sorted(folder.glob("*.mjr")) if folder.is_dir() else []
    grants = (await db.execute(select(Grant.publisher_id, Grant.user_id).where(
        Grant.conversation_id == rec.conversation_id))).all()
    owner_of = dict(grants) | {pub + 1: user for pub, user in grants}
    names = await identity.display_names(db, set(owner_of.values()))
    ref = await conversations.find_for_case(db, rec.case_type, rec.case_id)
    retain_until = (rec.stopped_at or clock.now()) + RETENTION
    stored = 0
    try:
        for source in sources:
            match = _MJR.search(source.name)
            if match is None:
                continue
            publisher, kind = int(match.group(1)), match.group(2)
            suffix, content_type = _OUTPUT[kind]
            target = source.with_suffix(suffix)
            await _convert(source, target)
            who = names.get(owner_of.get(publisher, uuid.UUID(int=0)), str(publisher))
            screen = "-屏幕共享" if publisher in owner_of and publisher % 2 == 1 else ""
            await files.store_made(
                db, clock, storage_for(settings), _chunks(target),
                filename=f"会诊录像-{who}{screen}-{'音频' if kind == 'audio' else '视频'}{suffix}",
                content_type=content_type, owner_user_id=rec.started_by,
                owner_org_id=ref.subject_org_id if ref else None, entity_type=ENTITY,
                entity_id=rec.id, retain_until=retain_until)
            stored += 1
    except RuntimeError as exc:
        rec.state, rec.failure = RecordingState.failed, str(exc)[:200]
        await audit.record(db, clock, None, "video.recording.failed", entity_type=sfu.ENTITY,
                           entity_id=rec.conversation_id,
                           detail={"recording_id": str(rec.id), "error": rec.failure})
        await db.commit()
        return 0
    rec.state = RecordingState.stored
    await audit.record(db, clock, None, "video.recording.stored", entity_type=sfu.ENTITY,
                       entity_id=rec.conversation_id,
                       detail={"recording_id": str(rec.id), "files": stored})
    await db.commit()
    shutil.rmtree(folder, ignore_errors=True)
    return stored


async def may_read(db: AsyncSession, actor: Actor, recording_id: str) -> bool:
    """A recording's files are read by the case's current participants; each read is in the
    patient's access log (it is kept if the request commits, as a download does)."""
    try:
        rec = await db.get(Recording, uuid.UUID(recording_id))
    except ValueError:
        return False
    if rec is None or not await conversations.is_participant(db, actor.user_id,
                                                             rec.conversation_id):
        return False
    ref = await conversations.find_for_case(db, rec.case_type, rec.case_id)
    if ref is not None and ref.patient_id is not None:
        basis = (patient_policy.basis(actor, ref.patient_id, patient_policy.Access.self)
                 if actor.role == Role.patient else Basis.case)
        # File readers are given no clock: the read is stamped with the real time.
        patients.log_read(db, Clock(), actor, ref.patient_id,
                          await patients.home_of(db, ref.patient_id), f"{ENTITY}.read", basis,
                          entity_type=ENTITY, entity_id=rec.id)
    return True
