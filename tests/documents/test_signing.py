"""Signing keys in files and what a signature check says (no database involved)."""

from __future__ import annotations

import io
import stat
import uuid
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers

from tests.documents.helpers import report
from yilian.core import signing
from yilian.settings import Settings

AT = datetime(2026, 11, 24, 2, tzinfo=UTC)
ORG = uuid.uuid4()


def _settings(path: Path) -> Settings:
    return Settings(data_dir=path)


def _signed(cfg: Settings, name: str = "甲县人民医院", org: uuid.UUID = ORG) -> bytes:
    signer = signing.signer_for(cfg, org, name)
    return signing.sign_pdf(signer, report("HZ20261124-0001", issued_at=AT, organisation=name),
                            reason="测试")


def test_keys_are_made_on_first_use_private_and_reused(tmp_path):
    cfg = _settings(tmp_path)
    assert signing.trust_roots(cfg) == []  # nothing signed yet: nothing to trust
    first = signing.signer_for(cfg, ORG, "甲县人民医院")
    again = signing.signer_for(cfg, ORG, "甲县人民医院")
    assert signing.serial_of(first) == signing.serial_of(again)
    base = tmp_path / "signing"
    files = [p for p in base.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"root.key.pem", "root.crt.pem", "index.tsv"}
    for path in [*files, base, base / "orgs", base / "orgs" / str(ORG)]:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
    [line] = (base / "index.tsv").read_text().splitlines()
    assert line.split("\t")[:3] == [signing.serial_of(first), str(ORG), "O=yilian,CN=甲县人民医院"]
    cert = first.signing_cert
    assert cert.issuer == signing.trust_roots(cfg)[0].subject
    assert cert.public_key.algorithm == "ec"


def test_the_root_is_an_ecdsa_p256_ca_for_twenty_years(tmp_path):
    root = x509.load_pem_x509_certificate(signing.root_certificate_pem(_settings(tmp_path)))
    assert root.public_key().curve.name == "secp256r1"
    assert root.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    years = (root.not_valid_after_utc - root.not_valid_before_utc).days / 365
    assert 19.9 < years < 20.1


def test_a_signed_pdf_checks_and_names_its_signer(tmp_path):
    cfg = _settings(tmp_path)
    check = signing.check_pdf(cfg, _signed(cfg))
    assert check.problem is None
    assert check.signer_subject == "O=yilian,CN=甲县人民医院"
    assert check.signed_at is not None


def test_a_renamed_organisation_gets_a_new_certificate_and_old_documents_still_check(tmp_path):
    cfg = _settings(tmp_path)
    before = _signed(cfg, "甲县人民医院")
    old = signing.serial_of(signing.signer_for(cfg, ORG, "甲县人民医院"))
    new = signing.signer_for(cfg, ORG, "甲县第一人民医院")
    assert signing.serial_of(new) != old
    assert signing.check_pdf(cfg, before).problem is None
    after = signing.check_pdf(cfg, _signed(cfg, "甲县第一人民医院"))
    assert (after.problem, after.signer_subject) == (None, "O=yilian,CN=甲县第一人民医院")
    assert len((tmp_path / "signing" / "index.tsv").read_text().splitlines()) == 2


def test_another_ca_is_not_trusted(tmp_path):
    ours, theirs = _settings(tmp_path / "ours"), _settings(tmp_path / "theirs")
    forged = _signed(theirs)  # the same organisation name, from a root of its own
    assert signing.check_pdf(theirs, forged).problem is None
    # Before yilian signed anything, nothing is trusted (never the system's TLS roots).
    assert signing.check_pdf(ours, forged).problem == "untrusted-signer"
    signing.root_certificate_pem(ours)
    check = signing.check_pdf(ours, forged)
    assert (check.problem, check.signer_subject) == ("untrusted-signer", "O=yilian,CN=甲县人民医院")


def test_what_is_not_a_whole_untouched_signed_pdf(tmp_path):
    cfg = _settings(tmp_path)
    signed = _signed(cfg)
    at = signed.index(b"ReportLab")  # the producer, inside the signed byte range
    assert signing.check_pdf(cfg, signed[:at] + b"X" + signed[at + 1:]).problem == "modified"
    assert signing.check_pdf(cfg, signed + b"\n% appended\n").problem == "modified"
    assert signing.check_pdf(cfg, signed + b"x" * 5000).problem == "modified"  # unreadable now
    assert signing.check_pdf(cfg, report("X", issued_at=AT)).problem == "unsigned"
    assert signing.check_pdf(cfg, b"hello").problem == "not-a-pdf"
    assert signing.check_pdf(cfg, b"%PDF-1.7\n garbage").problem == "not-a-pdf"
    assert signing.check_pdf(cfg, signed[: len(signed) // 2]).problem == "not-a-pdf"


def test_a_second_signature_over_a_signed_document_is_a_change(tmp_path):
    cfg = _settings(tmp_path)
    writer = IncrementalPdfFileWriter(io.BytesIO(_signed(cfg)))
    twice = signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name="another"),
                             signer=signing.signer_for(cfg, uuid.uuid4(), "乙县人民医院"))
    assert signing.check_pdf(cfg, twice.getvalue()).problem == "modified"
