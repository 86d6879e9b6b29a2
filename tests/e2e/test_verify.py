"""Browser test of the verification page a signed document's QR code opens, on a phone and
without signing in: what the register says of the number, then a real signed PDF from the demo
and a tampered copy uploaded, each answered in words (Chinese, then English)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LiveServer, skip_reason

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]

PHONE = {"width": 390, "height": 844}
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def a_signed_pdf(live_server: LiveServer) -> bytes:
    """One of the documents the demo signed (its referral forms), as stored."""
    for path in sorted((live_server.data_dir / "files" / "blobs").rglob("*")):
        if path.is_file():
            head = path.read_bytes()
            if head.startswith(b"%PDF") and b"/ByteRange" in head:
                return head
    raise AssertionError("the demo signed no document")


def tampered(pdf: bytes) -> bytes:
    """The same bytes with one letter of the signed part changed, its length kept."""
    assert b"ReportLab" in pdf
    return pdf.replace(b"ReportLab", b"ReportLaB", 1)


def test_the_qr_code_opens_the_register_and_an_upload_is_answered_in_words(
        new_page, live_server, artifacts: Path):
    pdf = a_signed_pdf(live_server)
    facts = httpx.post(f"{live_server.api_url}/documents/verify", content=pdf,
                       headers={"Content-Type": "application/pdf"}, trust_env=False).json()
    assert facts["authentic"] is True, facts
    number, issuer = facts["number"], facts["issuer"]
    # The QR code's address (also the PDF's link over it), opened on this server.
    [url] = re.findall(rb"/URI \((.*?)\)", pdf)
    address = urlsplit(url.decode())
    assert address.path == "/verify" and f"number={number}" in address.query

    page = new_page()
    page.set_viewport_size(PHONE)
    page.goto(f"{address.path}?{address.query}")
    register = page.get_by_test_id("verify-register-text")
    expect(register).to_contain_text(f"编号 {number} 的《")
    expect(register).to_contain_text(f"由 {issuer} 于")
    expect(page).to_have_url(re.compile(r"/verify\?"))  # no sign-in asked for

    upload = page.get_by_test_id("verify-file")
    verdict = page.get_by_test_id("verify-verdict")
    upload.set_input_files(files=[{"name": f"{number}.pdf", "mimeType": "application/pdf",
                                   "buffer": pdf}])
    expect(verdict).to_contain_text(f"此文件由 {issuer} 于")
    expect(verdict).to_contain_text("签名有效，内容未被修改")
    page.screenshot(path=str(artifacts / "verify-authentic-phone.png"), full_page=True)

    upload.set_input_files(files=[{"name": "changed.pdf", "mimeType": "application/pdf",
                                   "buffer": tampered(pdf)}])
    expect(verdict).to_have_text("文件内容在签名后被修改，不能作为有效文件使用。")
    expect(verdict).not_to_contain_text(issuer)

    # The same answers in English: no Chinese but the issuer's name as printed.
    page.get_by_test_id("lang-switch").click()
    page.get_by_role("menuitem", name="English").click()
    expect(page.get_by_role("menuitem", name="English")).to_be_hidden()
    expect(verdict).to_have_text(
        "The content of the file was changed after it was signed: it is not a valid document.")
    expect(register).to_contain_text(f"no. {number} was issued by {issuer} on ")
    body = page.locator("main").inner_text().replace(issuer, "")
    assert not CJK.search(body), CJK.findall(body)
    page.screenshot(path=str(artifacts / "verify-tampered-phone-en.png"), full_page=True)

    # A code that names no document is said so, and nothing of any document is shown.
    page.goto(f"/verify?number={number}&code={'0' * 32}")
    expect(register).to_contain_text(f"numbered {number}")
    expect(register).not_to_contain_text(issuer)
