"""TOTP second factor (RFC 6238) with replay protection by time step."""

from __future__ import annotations

from datetime import datetime

import pyotp

ISSUER = "yilian 医联"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def accepted_step(secret: str, code: str, at: datetime, last_step: int | None) -> int | None:
    """The time step the code belongs to (±1 step of drift), or None; a used step is refused."""
    code = (code or "").strip()
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now_step = int(at.timestamp()) // totp.interval
    for step in (now_step, now_step - 1, now_step + 1):
        if last_step is not None and step <= last_step:
            continue
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None
