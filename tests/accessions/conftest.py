"""Fixtures of the accessions tests.

- source_a: a state agency acquired by archive A (letters in Russian); agency: its system's account
  (token). Transfer errors are written in the source's language: compare them with `ru(...)`.
- producer_a: a film studio registered with archive A
- Celery runs eagerly here (also when REDIS_URL is set), except in tests marked `worker`."""
import pytest
from django.utils import translation
from rest_framework.test import APIClient

from archive_site.celery import app as celery_app

from .factories import make_agency, make_source


@pytest.fixture(autouse=True)
def _eager_celery(request, settings, tmp_path):
    settings.TRANSFER_WORK_DIR = str(tmp_path / "transfer-work")
    settings.CLAMD_SOCKET = ""
    settings.AV_DEPOSIT_ARCHIVE_CODE = ""
    if request.node.get_closest_marker("worker"):
        yield
        return
    saved = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = saved


@pytest.fixture(autouse=True)
def _english():
    """Service messages in English for the assertions (pages and e-mails pick their own language)."""
    with translation.override("en"):
        yield


@pytest.fixture
def source_a(archive_a):
    return make_source(archive_a, name="ГУ «Управление цифровизации»", contact_person="Айгерим Сапарова",
                       contact_email="digital@gov.kz", language="ru")


@pytest.fixture
def producer_a(archive_a):
    return make_source(archive_a, name="АО «Казахфильм»", kind="producer", contact_person="Нурлан Абенов",
                       contact_email="studio@kazakhfilm.kz", language="ru")


@pytest.fixture
def agency(source_a):
    account, token = make_agency(source_a)
    return account


@pytest.fixture
def agency_client(agency):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {agency.user.auth_token.key}")
    return client
