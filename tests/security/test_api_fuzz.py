"""Schemathesis over the whole API: no input, however odd, makes the server answer 500, and what
it answers agrees with the OpenAPI schema.

The schema is the one the application serves at ``/api/v1/openapi.json``; requests go through
Django's WSGI handler in-process, and a desk officer's bearer token opens every operation; a
dossier received at that officer's desk exists so that the operations on one dossier are reached
too.
Examples are few, fixed by the seed (``derandomize``) and without deadlines: the same run on
every machine, within a couple of minutes on both databases.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from motcua.api import api
from motcua.org.tokens import issue_token
from motcua.wsgi import application
from tests.factories import APPLICANT, Desk, required_components


@pytest.fixture
def in_test_transaction():
    """Django's own test client keeps the test's connection open across a request; a plain WSGI
    call would close it (and with it the test transaction) when the request ends."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db) -> str:
    from motcua.dossiers import services

    scene = Desk()
    services.receive(
        actor=scene.desk,
        version=scene.version,
        agency=scene.agency,
        applicant=dict(APPLICANT),
        components=required_components(scene.version),
    )
    return issue_token(scene.desk, "schemathesis")


# The fixtures are made once per operation, not per example (hypothesis would warn); some operations
# are slow (PDF) and some schemas make hypothesis discard many drafts.
SLOW_AND_FILTERED = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much]
# The schema as the application serves it at /api/v1/openapi.json, called through its WSGI handler.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application


@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=SLOW_AND_FILTERED,
)
def test_no_input_makes_the_api_answer_500(case, token, in_test_transaction):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
