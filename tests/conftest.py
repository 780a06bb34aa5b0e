"""Shared fixtures: the personas every app's tests use.

- alice: archivist of archive A          - bob: archivist of archive B
- erlan: appraisal expert (archive A)    - rita: reading-room staff of archive A
- adam: administrator (national)         - carol: citizen (researcher), no grants
- anonymous: the test client without login"""
import os

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.choices import Role
from holdings import access
from holdings.choices import StaffRole
from tests.factories import PASSWORD, ArchiveFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop in-thread


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
