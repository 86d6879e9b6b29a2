"""Document-signing keys and PDF signatures (docs/decisions/0012-document-signing.md).

Keys live in files, never in the database: under ``data_dir/signing/`` (directory 0700, files
0600) an alliance root CA (self-signed, ECDSA P-256, 20 years) and one certificate per
organisation issued by it, both made on first use. ``index.tsv`` lists every organisation
certificate ever issued (serial, organisation, subject, validity); an organisation's current
certificate is its last line there. A renamed organisation gets a new certificate: the old
ones stay on file, so documents signed before still verify.

Signing and checking are CPU work and file I/O, and pyHanko runs an event loop of its own for
them: call them through ``asyncio.to_thread``, never from inside a running loop.
"""

from __future__ import annotations

import fcntl
import io
import logging
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from yilian.core.logging import get_logger

if TYPE_CHECKING:
    from yilian.settings import Settings

FIELD_NAME = "yilian"
ORGANISATION = "yilian"
ROOT_NAME = "医联平台文档签名根证书"
ROOT_YEARS = 20
ORG_YEARS = 10
RENEW_BEFORE = timedelta(days=30)
# Certificates start a little in the past: another host's clock may run behind.
BACKDATE = timedelta(hours=1)
CN_MAX = 64  # X.520 upper bound of a common name

log = get_logger(__name__)
# pyHanko logs every signature it cannot trust as a warning with a traceback; for a public
# verifier that is an answer to give, not an incident to log.
logging.getLogger("pyhanko.sign.validation").setLevel(logging.ERROR)


def signing_dir(settings: Settings) -> Path:
    return Path(settings.data_dir) / "signing"


# ---------------------------------------------------------------- files


def _write_private(path: Path, data: bytes) -> None:
    """Written whole or not at all, readable by the owner only."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


@contextmanager
def _locked(base: Path) -> Iterator[None]:
    """One writer of the key files at a time, across the processes of this host."""
    base.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(base / ".lock", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # also releases the lock


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _load_key(path: Path) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ValueError(f"{path} is not an EC key")
    return key


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name[:CN_MAX]),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANISATION)])


# ---------------------------------------------------------------- the alliance root


@dataclass(frozen=True)
class _Root:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate


def _make_root(base: Path) -> _Root:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    name = _name(ROOT_NAME)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE).not_valid_after(now + timedelta(days=365 * ROOT_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(ski, critical=False)
        .sign(key, hashes.SHA256())
    )
    # The key first: a certificate on disk always has its key beside it.
    _write_private(base / "root.key.pem", _key_pem(key))
    _write_private(base / "root.crt.pem", cert.public_bytes(serialization.Encoding.PEM))
    log.info("signing root created", serial=format(cert.serial_number, "x"))
    return _Root(key, cert)


def _root(base: Path) -> _Root:
    """The alliance root, made on first use (call with the lock held)."""
    cert_path = base / "root.crt.pem"
    if not cert_path.exists():
        return _make_root(base)
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    return _Root(_load_key(base / "root.key.pem"), cert)


def root_certificate_pem(settings: Settings) -> bytes:
    """The alliance root certificate (made now if there is none yet), to back up with its key
    and to hand to receiving hospitals for their PDF viewers' trust lists."""
    base = signing_dir(settings)
    with _locked(base):
        return _root(base).cert.public_bytes(serialization.Encoding.PEM)


def trust_roots(settings: Settings) -> list[asn1_x509.Certificate]:
    """The roots a yilian signature must chain to; none before anything was ever signed."""
    path = signing_dir(settings) / "root.crt.pem"
    if not path.exists():
        return []
    cert = x509.load_pem_x509_certificate(path.read_bytes())
    return [asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))]


# ---------------------------------------------------------------- organisation certificates


@dataclass(frozen=True)
class _IndexLine:
    serial: str
    org_id: str
    subject: str
    not_before: str
    not_after: str


def _index(base: Path) -> list[_IndexLine]:
    path = base / "index.tsv"
    if not path.exists():
        return []
    return [_IndexLine(*line.split("\t")) for line in path.read_text("utf-8").splitlines()
            if line.strip()]


def _append_index(base: Path, line: _IndexLine) -> None:
    text = "\t".join((line.serial, line.org_id, line.subject, line.not_before,
                      line.not_after)) + "\n"
    fd = os.open(base / "index.tsv", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def _org_paths(base: Path, org_id: str, serial: str) -> tuple[Path, Path]:
    folder = base / "orgs" / org_id
    return folder / f"{serial}.key.pem", folder / f"{serial}.crt.pem"


def _current(base: Path, org_id: str, org_name: str) -> tuple[Path, Path] | None:
    """The organisation's certificate on file, if it still names it and is not near expiry."""
    mine = [line for line in _index(base) if line.org_id == org_id]
    if not mine:
        return None
    last = mine[-1]
    key_path, cert_path = _org_paths(base, org_id, last.serial)
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    if not names or names[0].value != org_name[:CN_MAX]:
        return None  # renamed: documents must carry the name the organisation has now
    if cert.not_valid_after_utc - RENEW_BEFORE < datetime.now(UTC):
        return None
    return key_path, cert_path


def _issue(base: Path, root: _Root, org_id: str, org_name: str) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    serial = x509.random_serial_number()
    not_after = min(now + timedelta(days=365 * ORG_YEARS), root.cert.not_valid_after_utc)
    cert = (
        x509.CertificateBuilder().subject_name(_name(org_name)).issuer_name(root.cert.subject)
        .public_key(key.public_key()).serial_number(serial)
        .not_valid_before(now - BACKDATE).not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
            root.key.public_key()), critical=False)
        .sign(root.key, hashes.SHA256())
    )
    hex_serial = format(serial, "x")
    key_path, cert_path = _org_paths(base, org_id, hex_serial)
    (base / "orgs").mkdir(mode=0o700, exist_ok=True)
    key_path.parent.mkdir(mode=0o700, exist_ok=True)
    _write_private(key_path, _key_pem(key))
    _write_private(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    # Last: only a complete key and certificate pair is ever named current.
    _append_index(base, _IndexLine(hex_serial, org_id, cert.subject.rfc4514_string(),
                                   cert.not_valid_before_utc.isoformat(), not_after.isoformat()))
    log.info("organisation signing certificate issued", org_id=org_id, serial=hex_serial)
    return key_path, cert_path


def signer_for(settings: Settings, org_id: uuid.UUID | str, org_name: str) -> signers.SimpleSigner:
    """The organisation's signer: its key and certificate (issued now on first use or after a
    rename), with the alliance root as the chain."""
    base = signing_dir(settings)
    org = str(uuid.UUID(str(org_id)))  # a path component: only a well-formed id
    with _locked(base):
        root = _root(base)
        key_path, cert_path = _current(base, org, org_name) or _issue(base, root, org, org_name)
        key = _load_key(key_path)
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    der = serialization.Encoding.DER
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(der)),
        signing_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(
            der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(root.cert.public_bytes(der))]),
    )


# ---------------------------------------------------------------- signing and checking


def serial_of(signer: signers.SimpleSigner) -> str:
    """The signer certificate's serial, as index.tsv names it."""
    assert signer.signing_cert is not None  # signer_for always gives it one
    return format(signer.signing_cert.serial_number, "x")


def sign_pdf(signer: signers.SimpleSigner, pdf: bytes, *, reason: str,
             location: str | None = None) -> bytes:
    """The PDF with the signer's signature appended (an incremental update)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(field_name=FIELD_NAME, md_algorithm="sha256",
                                        reason=reason, location=location)
    signed: bytes = signers.sign_pdf(writer, meta, signer=signer).getvalue()
    return signed


@dataclass(frozen=True)
class SignatureCheck:
    """What the signature of a PDF says. ``problem`` is None when the signature is intact,
    valid, chains to the alliance root and covers the whole file; else one of not-a-pdf,
    unsigned, modified, untrusted-signer."""

    problem: str | None
    signer_subject: str | None = None
    signer_serial: str | None = None
    signed_at: datetime | None = None


def _looks_like_pdf(pdf: bytes) -> bool:
    # The header may follow some leading junk, within the first KiB (as viewers accept).
    return b"%PDF-" in pdf[:1024]


def check_pdf(settings: Settings, pdf: bytes) -> SignatureCheck:
    if not _looks_like_pdf(pdf):
        return SignatureCheck("not-a-pdf")
    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except Exception as exc:  # any malformed input: the public verifier must answer, not fail
        log.debug("unreadable pdf", error=type(exc).__name__)
        # A signed PDF made unreadable (say, bytes appended past its end) was changed.
        return SignatureCheck("modified" if b"/ByteRange" in pdf else "not-a-pdf")
    if not signatures:
        return SignatureCheck("unsigned")
    # A yilian document carries exactly one signature; a second one means a later change.
    embedded = signatures[-1]
    try:
        status = validate_pdf_signature(
            embedded, ValidationContext(trust_roots=trust_roots(settings), allow_fetching=False))
    except Exception as exc:  # a damaged signature dictionary or CMS structure
        log.debug("signature unreadable", error=type(exc).__name__)
        return SignatureCheck("modified")
    cert = status.signing_cert
    subject = serial = None
    if cert is not None:
        serial = format(cert.serial_number, "x")
        try:
            subject = x509.load_der_x509_certificate(cert.dump()).subject.rfc4514_string()
        except ValueError:  # a foreign certificate cryptography refuses to parse
            subject = cert.subject.human_friendly
    if not (status.intact and status.valid):
        problem: str | None = "modified"
    elif not status.trusted:
        problem = "untrusted-signer"
    elif len(signatures) != 1 or status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        problem = "modified"  # changed or extended after signing
    else:
        problem = None
    return SignatureCheck(problem, subject, serial, status.signer_reported_dt)
