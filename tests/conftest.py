"""Shared fixtures: the personas every app's tests use.

- alice: archivist of archive A          - bob: archivist of archive B
- erlan: appraisal expert (archive A)    - rita: reading-room staff of archive A
- adam: administrator (national)         - carol: citizen (researcher), no grants
- anonymous: the test client without login

Which tests a pass runs (no test is skipped silently):
- `@pytest.mark.postgres` tests run only on PostgreSQL (CI's second pass); on SQLite they are
  deselected, and the summary says how many and why;
- `@pytest.mark.worker` tests start a real Celery worker and run only with REDIS_URL set;
- `@pytest.mark.tools("ffmpeg", ...)` tests need those programs: without them they skip, except
  with REQUIRE_TOOLS=1 (CI), where a missing program is a failure."""
import os
import shutil

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.choices import Role
from holdings import access
from holdings.choices import StaffRole
from tests.factories import PASSWORD, ArchiveFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop in-thread


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


# REQUIRE_POSTGRES=1 keeps the PostgreSQL tests in, so that a wrong DATABASE_URL fails them.
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres") or _flag("REQUIRE_POSTGRES")
ON_REDIS = bool(os.environ.get("REDIS_URL"))
REQUIRE_TOOLS = _flag("REQUIRE_TOOLS")
_PASS_REASONS = {
    "postgres": (ON_POSTGRES, "need PostgreSQL: they run in the pass with DATABASE_URL set (CI's second pass)"),
    "worker": (ON_REDIS, "start a Celery worker on Redis: they run in the pass with REDIS_URL set"),
}
_deselected_for: dict[str, int] = {}


def pytest_collection_modifyitems(config, items):
    """Leaves out of this pass the tests that belong to the other database's pass."""
    kept, left_out = [], []
    for item in items:
        missing = [name for name, (present, _) in _PASS_REASONS.items()
                   if item.get_closest_marker(name) and not present]
        if missing:
            left_out.append(item)
            for name in missing:
                _deselected_for[name] = _deselected_for.get(name, 0) + 1
        else:
            kept.append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


def pytest_terminal_summary(terminalreporter):
    for name, count in _deselected_for.items():
        terminalreporter.write_line(f"not in this pass: {count} tests that {_PASS_REASONS[name][1]}")


@pytest.fixture(autouse=True)
def _required_tools(request):
    marker = request.node.get_closest_marker("tools")
    if marker is None:
        return
    missing = [tool for tool in marker.args if shutil.which(tool) is None]
    if not missing:
        return
    message = f"needs {', '.join(missing)} on PATH"
    if REQUIRE_TOOLS:
        pytest.fail(message + " (REQUIRE_TOOLS=1, so this is a failure)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Hashing is not under test: PBKDF2's million rounds would cost a second per persona."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _eager_tasks(request, settings):
    """Tasks run in the test's own process and transaction, also when REDIS_URL is set (CI's
    PostgreSQL pass); tests marked `worker` start a real Celery worker on Redis instead."""
    if request.node.get_closest_marker("worker"):
        yield
        return
    from archive_site.celery import app as celery_app

    saved = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    settings.CELERY_TASK_ALWAYS_EAGER = True
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = saved


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes its files to its own folder (never to the project's media/)."""
    if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
        settings.MEDIA_ROOT = str(tmp_path / "media")
        settings.STORAGES = {**settings.STORAGES,
                             "default": {**settings.STORAGES["default"], "OPTIONS": {"location": settings.MEDIA_ROOT}}}
    return tmp_path


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def archive_a(db):
    return ArchiveFactory(code="A", name_ru="Архив А", name_kk="А мұрағаты", name_en="Archive A")


@pytest.fixture
def archive_b(db):
    return ArchiveFactory(code="B", name_ru="Архив Б", name_kk="Б мұрағаты", name_en="Archive B")


def _staff(username, role, archive, staff_role):
    user = UserFactory(username=username, roles=[role])
    access.staff_grant(archive=archive, user=user, role=staff_role, actor=None)
    return user


@pytest.fixture
def alice(archive_a):
    return _staff("alice", Role.ARCHIVIST, archive_a, StaffRole.ARCHIVIST)


@pytest.fixture
def bob(archive_b):
    return _staff("bob", Role.ARCHIVIST, archive_b, StaffRole.ARCHIVIST)


@pytest.fixture
def erlan(archive_a):
    return _staff("erlan", Role.EXPERT, archive_a, StaffRole.EXPERT)


@pytest.fixture
def rita(archive_a):
    return _staff("rita", Role.READING_ROOM, archive_a, StaffRole.READING_ROOM)


@pytest.fixture
def adam(db):
    return UserFactory(username="adam", roles=[Role.ADMINISTRATOR])


@pytest.fixture
def carol(db):
    return UserFactory(username="carol", roles=[Role.RESEARCHER])


def _client_for(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user=user)
    return client


@pytest.fixture
def api_client():
    """Factory: api_client(user) gives a DRF client authenticated as user (None: anonymous)."""
    return _client_for


@pytest.fixture
def web_client(client):
    """Factory: web_client(user) gives a Django test client logged in as user (None: anonymous)."""
    from django.test import Client

    def make(user):
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make
