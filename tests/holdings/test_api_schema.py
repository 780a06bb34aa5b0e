"""schemathesis against the catalogue operations of /api/schema/: generated valid and invalid input
(bad cursors, bad filters, huge ids, odd bodies) never makes a server error, for a visitor and for
an archivist whose archive holds data; answers to valid requests match the schema."""
import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from archive_site.wsgi import application

MAX_EXAMPLES = 25
PATHS = ("/api/v1/archives/", "/api/v1/fonds/", "/api/v1/inventories/", "/api/v1/units/", "/api/v1/digital-objects/")

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
OPERATIONS = [result.ok() if hasattr(result, "ok") else result.err() for result in schema.get_all_operations()]
CATALOGUE = [op for op in OPERATIONS if isinstance(op, Exception)
             or (op.path.startswith(PATHS) and not op.path.endswith(("/ead/", "/csv/")))]


def label(operation) -> str:
    return getattr(operation, "label", None) or str(operation)


def test_the_catalogue_is_in_the_schema():
    labels = {label(op) for op in CATALOGUE}
    assert {"GET /api/v1/units/", "POST /api/v1/units/", "PATCH /api/v1/units/{id}/", "GET /api/v1/archives/",
            "GET /api/v1/digital-objects/{id}/download/", "DELETE /api/v1/fonds/{id}/"} <= labels


@pytest.fixture
def in_process_wsgi():
    """Requests go straight to the WSGI application (not Django's test client), whose request
    signals would close the test's database connection (fatal on PostgreSQL): keep it open."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def archivist_token(alice, tree_a, tree_b, settings, in_process_wsgi):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    return Token.objects.create(user=alice).key


@pytest.mark.parametrize("who", ["visitor", "archivist"])
@pytest.mark.parametrize("operation", CATALOGUE, ids=label)
def test_no_server_error(operation, who, archivist_token):
    if isinstance(operation, Exception):
        pytest.fail(f"the schema is invalid here: {operation}")
    headers = {"Authorization": f"Token {archivist_token}"} if who == "archivist" else {}
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))

    @given(case=cases)
    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def call(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=[not_a_server_error])
        if response.status_code == 200 and case.method == "GET" and not case.path.endswith("/download/"):
            case.validate_response(response, checks=[response_schema_conformance])

    call()
