"""The signer is a plug-in chosen by settings: the core only knows the small interface."""

import pytest

from motcua.documents import services, signing
from motcua.documents.pki import DemoSignerBackend


class RecordingBackend(DemoSignerBackend):
    """Stands for a USB token or a remote signing service: same interface, its own bookkeeping."""

    used_for: list = []

    def signer_for(self, agency):
        self.used_for.append(agency.identifier_code)
        return super().signer_for(agency)


class TrustsNobody(DemoSignerBackend):
    def trust_roots(self):
        return []


@pytest.fixture
def recording(settings):
    settings.MOTCUA_SIGNER_BACKEND = "tests.documents.test_signer_backend.RecordingBackend"
    RecordingBackend.used_for = []
    return RecordingBackend


def test_the_demo_backend_is_the_default_and_fits_the_interface(settings):
    settings.MOTCUA_SIGNER_BACKEND = ""
    backend = signing.get_backend()
    assert isinstance(backend, DemoSignerBackend)
    assert isinstance(backend, signing.SignerBackend)


def test_sign_result_asks_the_configured_backend_for_the_agency_signer(scene, approved, recording):
    f = services.sign_result(approved, services.result_pdf(approved), user=scene.clerk)
    assert recording.used_for == [scene.agency.identifier_code]
    assert services.verify(f).ok


def test_verification_trusts_only_the_roots_the_backend_and_settings_name(
    scene, approved, settings, tmp_path
):
    f = services.sign_result(approved, services.result_pdf(approved), user=scene.clerk)
    settings.MOTCUA_SIGNER_BACKEND = "tests.documents.test_signer_backend.TrustsNobody"
    assert not services.verify(f).trusted
    # An operator adds the root in a PEM file (as with the national root CA).
    from cryptography.hazmat.primitives import serialization

    from motcua.documents.pki import ensure_ca

    pem = tmp_path / "root.pem"
    pem.write_bytes(ensure_ca()[0].public_bytes(serialization.Encoding.PEM))
    settings.MOTCUA_TRUSTED_ROOTS = [pem]
    assert services.verify(f).ok
