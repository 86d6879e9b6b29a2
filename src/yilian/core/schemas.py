"""Shared shapes of request bodies."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, field_validator

# Control characters have no place in clinical or administrative text, and PostgreSQL refuses
# NUL outright; line breaks and tabs stay allowed for notes.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Input(BaseModel):
    """A request body: unknown fields and control characters are refused."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value):
        if isinstance(value, str) and CONTROL.search(value):
            raise ValueError("must not contain control characters")
        return value
