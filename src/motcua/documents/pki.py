"""A demo certificate authority, so that results can be signed and verified without a token.

``ensure_ca()`` creates the root "motcua Demo CA" once under ``DATA_DIR/pki`` (keys readable by
the owner only, never in the repository); ``agency_signer(agency)`` issues or loads the
agency's certificate signed by it. ``DemoSignerBackend`` is the default plug-in of
``signing.SignerBackend``; production replaces it with a USB token (PKCS#11) or remote signing
service and the national root CAs, selected by settings — nothing else imports this module.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings
from pyhanko.sign.signers import SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore

CA_NAME = "motcua Demo CA"
CA_YEARS = 10
AGENCY_DAYS = 3 * 365
RENEW_BEFORE = dt.timedelta(days=30)


def pki_dir() -> Path:
    path = Path(settings.DATA_DIR) / "pki"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


@contextmanager
def _locked():
    """One process at a time creates keys: two workers starting together must not make two CAs."""
    with open(pki_dir() / ".lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_private(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _write_public(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _load(stem: str) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None:
    cert_path, key_path = pki_dir() / f"{stem}.crt.pem", pki_dir() / f"{stem}.key.pem"
    if not (cert_path.exists() and key_path.exists()):
        return None
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    return cert, key


def _save(stem: str, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey) -> None:
    # The key first: a certificate without its key on disk would be useless.
    _write_private(pki_dir() / f"{stem}.key.pem", _key_pem(key))
    _write_public(pki_dir() / f"{stem}.crt.pem", cert.public_bytes(serialization.Encoding.PEM))


def _usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,  # non-repudiation: pyHanko requires it of document signers
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _create_ca() -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    # EC P-256: as strong as RSA 3072 for this purpose and generated in a millisecond.
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "motcua"),
            x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME),
        ]
    )
    now = _now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * CA_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert, key


def ensure_ca() -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    """The demo root certificate and its key, created on first use."""
    found = _load("ca")
    if found is not None:
        return found
    with _locked():
        found = _load("ca")
        if found is None:
            found = _create_ca()
            _save("ca", *found)
        return found


def _province_name(agency) -> str:
    unit = agency.unit
    while unit.parent_id:
        unit = unit.parent
    return unit.name


def _subject(agency) -> x509.Name:
    # X.509 caps CN and O at 64 characters.
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _province_name(agency)[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, agency.name[:64]),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, agency.identifier_code[:64]),
        ]
    )


def _issue(agency, ca_cert: x509.Certificate, ca_key) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = _now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(_subject(agency))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(min(now + dt.timedelta(days=AGENCY_DAYS), ca_cert.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(ca=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    return cert, key


def _usable(found, agency, ca_cert: x509.Certificate) -> bool:
    if found is None:
        return False
    cert = found[0]
    return (
        cert.subject == _subject(agency)  # a renamed agency gets a certificate with its new name
        and cert.issuer == ca_cert.subject
        and cert.not_valid_after_utc - RENEW_BEFORE > _now()
    )


def agency_certificate(agency) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    """The agency's current certificate and key, issued by the demo CA when missing or stale."""
    ca_cert, ca_key = ensure_ca()
    stem = f"agency-{agency.pk}"
    found = _load(stem)
    if _usable(found, agency, ca_cert):
        return found
    with _locked():
        found = _load(stem)
        if not _usable(found, agency, ca_cert):
            found = _issue(agency, ca_cert, ca_key)
            _save(stem, *found)
        return found


def to_asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def agency_signer(agency) -> SimpleSigner:
    """A pyHanko signer holding the agency's demo key, its certificate and the demo root."""
    cert, key = agency_certificate(agency)
    ca_cert, _ = ensure_ca()
    der_key = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return SimpleSigner(
        signing_cert=to_asn1(cert),
        signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs([to_asn1(ca_cert)]),
    )


class DemoSignerBackend:
    """The default ``SignerBackend``: the agency's key lives on this server, under the demo CA."""

    def signer_for(self, agency) -> SimpleSigner:
        return agency_signer(agency)

    def trust_roots(self) -> list[asn1_x509.Certificate]:
        return [to_asn1(ensure_ca()[0])]
