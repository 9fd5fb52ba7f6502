"""Fixtures borrowed from the payments tests: a desk with a 200.000 đồng fee, its dossier and citizen."""

from tests.payments.conftest import citizen, citizen_client, dossier, scene  # noqa: F401 — fixtures
