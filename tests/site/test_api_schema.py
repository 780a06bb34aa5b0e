"""schemathesis: every operation of the OpenAPI schema at /api/schema/, fed generated input (valid
and invalid), answers without a server error. Requests carry a superuser's token, so that the
protected paths run their code too."""
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from archive_site.wsgi import application
from tests.factories import UserFactory

MAX_EXAMPLES = 10

# Loaded at collection (generating the schema reads no database), so that each operation is its
# own test. The operations are driven here with plain Hypothesis rather than schemathesis' pytest
# plugin, whose test ids and lazy loader depend on pytest internals that pytest 9 changed.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
# Each result is Ok(operation) or Err(error in the schema); an error becomes a failing test.
OPERATIONS = [result.ok() if hasattr(result, "ok") else result.err() for result in schema.get_all_operations()]


def operation_id(operation) -> str:
    return getattr(operation, "label", None) or str(operation)


@pytest.fixture
def keep_the_test_connection():
    """The requests go to the WSGI application directly, not through Django's test client, so
    Django would close the database connection at the end of each one as in production; that
    connection holds the test's transaction. Django's test client disconnects the same handlers."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def superuser_token(db, settings, keep_the_test_connection):
    # Tasks run in this process; nothing may wait for a worker that the test did not start.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    # Every generated login attempt hashes a password: a fast hasher keeps the run short.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = UserFactory(username="schemathesis-admin", is_superuser=True, is_staff=True)
    return Token.objects.create(user=user).key


def test_the_schema_lists_the_api():
    labels = {operation_id(op) for op in OPERATIONS}
    assert {"POST /api/v1/auth/token/", "GET /api/v1/me/"} <= labels


@pytest.mark.parametrize("operation", OPERATIONS, ids=operation_id)
def test_no_server_error(operation, superuser_token):
    if isinstance(operation, Exception):
        pytest.fail(f"the schema is invalid here: {operation}")
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                      operation.as_strategy(GenerationMode.NEGATIVE))

    @given(case=cases)
    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def call(case):
        case.call_and_validate(headers={"Authorization": f"Token {superuser_token}"}, checks=[not_a_server_error])

    call()
