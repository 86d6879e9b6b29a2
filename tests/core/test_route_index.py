"""Dispatch by first path segments (core.authz.index_routes) picks the route the app's full
list would pick, for every route's own paths and their near misses."""

from __future__ import annotations

import re
import uuid

from starlette.routing import Match

from yilian.core import authz


def _first(routes, scope):
    partial = None
    for route in routes:
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return route
        if match is Match.PARTIAL and partial is None:
            partial = route
    return partial


def test_every_path_goes_to_the_route_the_full_list_picks(app):
    router = app.router
    keyed = [(r, authz._route_key(r)) for r in router.routes]
    paths = set()
    for route in router.routes:
        path = getattr(route, "path", None)
        if not isinstance(path, str):
            continue
        filled = re.sub(r"{[^}]+}", str(uuid.uuid4()), path) or "/"
        paths |= {filled, filled + "/", filled + "/extra", filled.rstrip("/") + "/x/y/z"}
    checked = 0
    for path in sorted(paths):
        parts = path.split("/", authz._INDEX_DEPTH + 1)
        if len(parts) <= authz._INDEX_DEPTH:
            continue
        key = tuple(parts[1:authz._INDEX_DEPTH + 1])
        if not any(k == key for _, k in keyed):
            continue  # no group: the full list serves it
        group = [r for r, k in keyed if k is None or k == key]
        for method in ("GET", "POST", "PATCH", "DELETE", "HEAD", "OPTIONS"):
            scope = {"type": "http", "path": path, "root_path": "", "method": method,
                     "headers": [(b"host", b"test")], "query_string": b""}
            assert _first(group, scope) is _first(router.routes, scope), (method, path)
            checked += 1
    assert checked > 500
