"""/healthz: database, broker (or "eager") and storage; 503 when one is down, with the reason for
superusers and in the log, never for anyone else."""
import pytest

from archive_site import health
from archive_site.celery import app as celery_app

from .conftest import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


def test_healthy(client, eager):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "eager", "storage": "ok", "status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_storage_that_cannot_be_written_gives_503(client, eager, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(blocker / "media")},
    }}
    response = client.get("/healthz")
    assert response.status_code == 503
    data = response.json()
    assert data["status"] == "down"
    assert data["storage"] == "down"
    assert data["database"] == "ok"


def test_unreachable_broker_gives_503_quickly(client, settings, monkeypatch):
    import time

    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(celery_app.conf, "broker_url", f"redis://127.0.0.1:{free_port()}/0")
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 5
    assert response.status_code == 503
    data = response.json()
    assert data["broker"] == "down"
    assert data["database"] == "ok"
    assert data["storage"] == "ok"


def test_database_failure_gives_503(client, eager, monkeypatch):
    def broken():
        raise RuntimeError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_only_superusers_and_the_log_get_the_reason(client, eager, monkeypatch, alice, caplog):
    from tests.factories import UserFactory

    def broken():
        raise RuntimeError("connection to 10.0.0.7 refused")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    client.force_login(alice)
    assert client.get("/healthz").json()["database"] == "down"
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get("/healthz").json()["database"] == "down: RuntimeError: connection to 10.0.0.7 refused"
    assert "database is down: RuntimeError: connection to 10.0.0.7 refused" in caplog.text


def test_healthz_leaves_no_file_behind(client, eager, settings):
    from pathlib import Path

    client.get("/healthz")
    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    assert not any(p.is_file() for p in root.rglob("*"))
