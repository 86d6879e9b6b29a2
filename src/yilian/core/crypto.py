"""Field encryption (AES-256-GCM with a key id) and HMAC blind indexes.

Keys live in a key file or the environment, never in the database. A ciphertext is stored as
``<key id>:<base64(nonce || ciphertext || tag)>``; the column name is bound in as associated data
so a value cannot be moved from one column to another.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, overload

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Dialect, String, Text, TypeDecorator

if TYPE_CHECKING:
    from yilian.settings import Settings


class KeyRingError(Exception):
    pass


@dataclass
class KeyRing:
    active: str
    keys: dict[str, bytes]
    index_key: bytes
    path: Path | None = None
    _mtime: float = 0.0
    _checked: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def generate(cls) -> KeyRing:
        return cls(active="k1", keys={"k1": AESGCM.generate_key(256)}, index_key=os.urandom(32))

    @classmethod
    def from_json(cls, text: str, path: Path | None = None) -> KeyRing:
        data = json.loads(text)
        keys = {kid: base64.b64decode(v) for kid, v in data["keys"].items()}
        if data["active"] not in keys:
            raise KeyRingError("the active key id is not in the key ring")
        if any(len(k) != 32 for k in keys.values()):
            raise KeyRingError("every key must be 32 bytes (AES-256)")
        ring = cls(data["active"], keys, base64.b64decode(data["index_key"]), path)
        if path is not None:
            ring._mtime = path.stat().st_mtime
        return ring

    @classmethod
    def load_or_create(cls, path: Path) -> KeyRing:
        if path.exists():
            return cls.from_json(path.read_text(), path)
        ring = cls.generate()
        ring.path = path
        ring.save()
        return ring

    def to_json(self) -> str:
        return json.dumps(
            {
                "active": self.active,
                "keys": {k: base64.b64encode(v).decode() for k, v in self.keys.items()},
                "index_key": base64.b64encode(self.index_key).decode(),
            },
            indent=2,
        )

    def save(self) -> None:
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(self.to_json())
        os.replace(tmp, self.path)
        self._mtime = self.path.stat().st_mtime

    def add_key(self) -> str:
        """A new active key; the old ones stay to decrypt until rotation has finished."""
        n = 1 + max(int(k[1:]) for k in self.keys if k[1:].isdigit())
        kid = f"k{n}"
        self.keys[kid] = AESGCM.generate_key(256)
        self.active = kid
        return kid

    def _maybe_reload(self, force: bool = False) -> None:
        """Pick up a rotation done by another process (``yilian keys rotate``) without restart."""
        if self.path is None:
            return
        now = time.monotonic()
        if not force and now - self._checked < 2.0:
            return
        with self._lock:
            self._checked = now
            try:
                mtime = self.path.stat().st_mtime
            except FileNotFoundError:
                return
            if mtime != self._mtime:
                fresh = KeyRing.from_json(self.path.read_text(), self.path)
                self.active, self.keys, self._mtime = fresh.active, fresh.keys, fresh._mtime

    def encrypt(self, plaintext: str, purpose: str) -> str:
        self._maybe_reload()
        nonce = os.urandom(12)
        ct = AESGCM(self.keys[self.active]).encrypt(nonce, plaintext.encode(), purpose.encode())
        return f"{self.active}:{base64.b64encode(nonce + ct).decode()}"

    def decrypt(self, stored: str, purpose: str) -> str:
        kid, _, blob = stored.partition(":")
        if kid not in self.keys:
            self._maybe_reload(force=True)
        if kid not in self.keys:
            raise KeyRingError(f"unknown key id {kid!r}")
        raw = base64.b64decode(blob)
        return AESGCM(self.keys[kid]).decrypt(raw[:12], raw[12:], purpose.encode()).decode()

    def blind_index(self, value: str, purpose: str) -> str:
        msg = f"{purpose}\x00{value}".encode()
        return hmac.new(self.index_key, msg, hashlib.sha256).hexdigest()


_ring: KeyRing | None = None


def configure_keyring(ring: KeyRing) -> None:
    global _ring
    _ring = ring


def keyring() -> KeyRing:
    if _ring is None:
        raise KeyRingError("the key ring is not configured")
    return _ring


def load_keyring(settings: Settings) -> KeyRing:
    if settings.keys_json:
        return KeyRing.from_json(settings.keys_json)
    return KeyRing.load_or_create(settings.resolved_key_file)


class Encrypted(TypeDecorator[str]):
    """A text column stored encrypted; ``purpose`` names the column for the associated data."""

    impl = Text
    cache_ok = True

    def __init__(self, purpose: str) -> None:
        super().__init__()
        self.purpose = purpose

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return keyring().encrypt(value, self.purpose)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return keyring().decrypt(value, self.purpose)


@overload
def blind_index(value: str, purpose: str) -> str: ...
@overload
def blind_index(value: str | None, purpose: str) -> str | None: ...
def blind_index(value: str | None, purpose: str) -> str | None:
    if value is None:
        return None
    return keyring().blind_index(value.strip().upper(), purpose)


BLIND_INDEX = String(64)


def random_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()
