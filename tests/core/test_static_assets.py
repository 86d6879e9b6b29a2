"""What a browser on a weak link gets from the embedded server: the build's precompressed
assets with the right headers, hashed assets kept for a year, index.html always revalidated,
large JSON gzipped on the fly, and file downloads and the WebSocket left as they were."""

from __future__ import annotations

import gzip
import json

import httpx
import pytest

from tests.files.helpers import FILES, pdf, upload
from tests.realtime.conftest import live, open_ws  # noqa: F401  (live: the fixture)
from yilian.app import create_app
from yilian.core.crypto import configure_keyring

SCRIPT = b"export const greeting = '" + b"hello village " * 400 + b"';\n"
# The server picks the copy; it never decodes it (a stand-in for the brotli bytes will do).
GZIPPED = gzip.compress(SCRIPT, mtime=0)
BROTLI = b"brotli:" + GZIPPED
ASSET = "/assets/index-Ab12Cd34.js"
INDEX = b'<!doctype html><html><body><div id="app"></div></body></html>'


@pytest.fixture
async def web(settings, clock, tmp_path):
    """The app serving a small built web app: one script with its .br and .gz beside it (as
    the build writes them), a small stylesheet without, and index.html."""
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_bytes(INDEX)
    (dist / "favicon.svg").write_text("<svg/>")
    (dist / "assets" / "index-Ab12Cd34.js").write_bytes(SCRIPT)
    (dist / "assets" / "index-Ab12Cd34.js.gz").write_bytes(GZIPPED)
    (dist / "assets" / "index-Ab12Cd34.js.br").write_bytes(BROTLI)
    (dist / "assets" / "small-Ef56.css").write_text("body{margin:0}")
    app = create_app(settings.model_copy(update={"web_dist": dist}), clock)
    configure_keyring_again()
    transport = httpx.ASGITransport(app=app, client=("127.0.0.9", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://yilian.test") as c:
        yield c
    await app.state.ratelimit.close()
    await app.state.engine.dispose()


def configure_keyring_again() -> None:
    from tests.conftest import TEST_KEYS

    configure_keyring(TEST_KEYS)


async def raw_get(client: httpx.AsyncClient, url: str, accept: str) -> tuple[httpx.Response, bytes]:
    """The response and its bytes as sent (httpx would decode them otherwise)."""
    async with client.stream("GET", url, headers={"Accept-Encoding": accept}) as r:
        return r, b"".join([chunk async for chunk in r.aiter_raw()])


@pytest.mark.parametrize(("accept", "encoding", "sent"), [
    ("gzip, deflate, br, zstd", "br", BROTLI),
    ("gzip, deflate", "gzip", GZIPPED),
    ("br;q=0, gzip", "gzip", GZIPPED),
], ids=["brotli", "gzip", "brotli-refused"])
async def test_an_asset_is_sent_precompressed_in_the_best_encoding_the_browser_takes(
        web, accept, encoding, sent):
    r, body = await raw_get(web, ASSET, accept)
    assert r.status_code == 200
    assert r.headers["content-encoding"] == encoding
    assert r.headers["content-type"] == "text/javascript; charset=utf-8"
    assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert r.headers["vary"] == "Accept-Encoding"
    assert int(r.headers["content-length"]) == len(body) < len(SCRIPT) / 10
    assert body == sent


async def test_a_browser_that_takes_no_compression_gets_the_plain_asset_still_cached(web):
    r, body = await raw_get(web, ASSET, "identity")
    assert body == SCRIPT and "content-encoding" not in r.headers
    assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert r.headers["vary"] == "Accept-Encoding"  # a gzip copy exists for others
    small, body = await raw_get(web, "/assets/small-Ef56.css", "gzip, br")
    assert body == b"body{margin:0}" and "content-encoding" not in small.headers
    assert small.headers["content-type"].startswith("text/css")
    assert small.headers["cache-control"] == "public, max-age=31536000, immutable"


async def test_a_kept_asset_is_revalidated_without_its_bytes(web):
    first, _ = await raw_get(web, ASSET, "br")
    again = await web.get(ASSET, headers={"Accept-Encoding": "br",
                                         "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    # Each encoding is its own representation: a gzip copy does not match the brotli tag.
    other, _ = await raw_get(web, ASSET, "gzip")
    assert other.headers["etag"] != first.headers["etag"]


async def test_a_missing_asset_is_a_404_not_the_app(web):
    r, _ = await raw_get(web, "/assets/gone-0000.js", "gzip, br")
    assert r.status_code == 404
    r = await web.post(ASSET)
    assert r.status_code == 405


async def test_index_html_is_always_revalidated_and_routes_of_the_app_fall_back_to_it(web):
    for path in ("/", "/login", "/patients/3f2a/record"):
        r = await web.get(path)
        assert r.status_code == 200, path
        assert r.content == INDEX
        assert r.headers["cache-control"] == "no-cache"
    icon = await web.get("/favicon.svg")
    assert icon.content == b"<svg/>" and "immutable" not in icon.headers.get("cache-control", "")
    api = await web.get("/api/v1/no-such-thing")
    assert api.status_code == 404
    assert api.headers["content-type"].startswith("application/problem+json")


async def test_large_json_is_gzipped_and_small_json_is_not(web):
    r, body = await raw_get(web, "/api/openapi.json", "gzip, deflate")
    assert r.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in r.headers["vary"]
    whole = gzip.decompress(body)
    assert len(body) < len(whole) / 4
    assert json.loads(whole)["info"]["title"] == "yilian 医联 API"
    small, body = await raw_get(web, "/healthz", "gzip, deflate")
    assert "content-encoding" not in small.headers
    assert json.loads(body) == {"status": "ok"}
    plain, body = await raw_get(web, "/api/openapi.json", "identity")
    assert "content-encoding" not in plain.headers and json.loads(body)["openapi"]


async def test_an_uploaded_pdf_goes_up_and_comes_down_unchanged_with_its_length(client, world):
    """tus uploads pass the middleware untouched; a stored file keeps its length (a download
    shows its progress) and is never recompressed."""
    user = world.client_as(client, "village_doctor")
    data = pdf(300_000)
    file_id = await upload(user, data, chunk=100_000, filename="报告.pdf",
                           filetype="application/pdf")
    async with client.stream("GET", f"{FILES}/{file_id}/content", headers={
            **world.headers("village_doctor"), "Accept-Encoding": "gzip, deflate, br"}) as r:
        body = b"".join([chunk async for chunk in r.aiter_raw()])
    assert r.status_code == 200
    assert "content-encoding" not in r.headers
    assert r.headers["content-length"] == str(len(data))
    assert body == data


async def test_the_websocket_still_opens_through_the_middleware(live, world):  # noqa: F811
    ws = await open_ws(live, token=world.token["village_doctor"], headers={"Accept-Encoding": "gzip"})
    hello = await ws.recv()
    assert hello["type"] == "hello"
    await ws.close()
