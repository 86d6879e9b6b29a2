"""HTTP endpoints of this module."""

from yilian.core.authz import API_PREFIX, PolicyRouter

router = PolicyRouter(prefix=API_PREFIX, tags=["conversations"])
