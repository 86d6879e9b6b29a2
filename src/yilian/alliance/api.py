"""Alliance routes."""

from __future__ import annotations

from yilian.core.authz import PolicyRouter

router = PolicyRouter(tags=["alliance"])
