"""A real Celery worker on Redis is killed (SIGKILL) in the middle of a transfer; a new worker finishes
it with nothing duplicated or lost. Runs only on PostgreSQL with REDIS_URL set (CI's second pass).

The worker is held mid-verification by a fake clamd that keeps its answer to the third file's scan:
by then two files are already in storage. The message was acknowledged late, so Redis hands it to the
next worker (after the short visibility timeout of tests/accessions/worker_app.py)."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext

from accessions.models import Accession, Transfer, TransferEvent
from archive_site.celery import app as celery_app
from holdings.models import DigitalObject, PreservationEvent, Unit

from .factories import PDF, PNG, build_bag, make_agency, make_source
from .fake_clamd import FakeClamd

REDIS_URL = os.environ.get("REDIS_URL", "")
OWN_REDIS_DB = os.environ.get("ACCESSIONS_TEST_REDIS_DB", "5")

# The worker shares the test database, so it needs PostgreSQL as well as Redis.
pytestmark = [pytest.mark.worker, pytest.mark.postgres]
ROOT = Path(__file__).resolve().parents[2]


def own_redis_url() -> str:
    parts = urlsplit(REDIS_URL)
    return urlunsplit((parts.scheme, parts.netloc, f"/{OWN_REDIS_DB}", parts.query, parts.fragment))


def worker_database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def broker():
    """The project's Celery app pointed at our own Redis db for the test, then put back."""
    import redis

    url = own_redis_url()
    redis.Redis.from_url(url).flushdb()
    conf = celery_app.conf
    saved = (conf.broker_url, conf.result_backend, conf.task_always_eager, celery_app._pool,
             celery_app.amqp._producer_pool)
    conf.broker_url, conf.result_backend, conf.task_always_eager = url, url, False
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield url
    conf.broker_url, conf.result_backend, conf.task_always_eager = saved[:3]
    celery_app._pool, celery_app.amqp._producer_pool = saved[3:]
    redis.Redis.from_url(url).flushdb()


def start_worker(broker_url: str, clamd_path: str, log: Path) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": worker_database_url(), "REDIS_URL": broker_url,
           "MEDIA_ROOT": settings.MEDIA_ROOT, "CLAMD_SOCKET": clamd_path, "DEBUG": "true"}
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tests.accessions.worker_app", "worker", "--pool=solo",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info", "-n", f"acc-test-{time.time()}"],
        cwd=ROOT, env=env, stdout=open(log, "ab"), stderr=subprocess.STDOUT)


def wait_for(predicate, timeout: float, what: str, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}; worker log:\n{log.read_text()[-4000:]}")


def stored(transfer_id: int) -> list[str]:
    folder = Path(settings.MEDIA_ROOT) / "transfers" / str(transfer_id)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_killed_worker_transfer_completes_once(transactional_db, broker, tmp_path_factory, tmp_path, archive_a):
    from rest_framework.test import APIClient

    source = make_source(archive_a, name="ГУ «Цифровой архив»")
    account, token = make_agency(source, username="edo")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    files = {f"doc-{n}.pdf": PDF + f"%{n}".encode() for n in range(1, 5)} | {"photo.png": PNG}
    package = build_bag(tmp_path, files)
    clamd_path = str(tmp_path_factory.mktemp("clam") / "c.sock")
    log = tmp_path / "worker.log"
    with FakeClamd(clamd_path, hold_scan=3) as clamd:
        first = start_worker(broker, clamd_path, log)
        try:
            with open(package, "rb") as fh:
                response = client.post("/api/v1/transfers/", {"package": fh}, format="multipart",
                                       HTTP_IDEMPOTENCY_KEY="kill-1")
            assert response.status_code == 202
            transfer_id = response.json()["id"]
            wait_for(clamd.held.is_set, 120, "the worker to reach the third file", log)
            assert Transfer.objects.get(pk=transfer_id).status == "verifying"
            assert len(stored(transfer_id)) == 2  # two files already written when the worker dies
            first.send_signal(signal.SIGKILL)
            first.wait(30)
        finally:
            if first.poll() is None:
                first.kill()
        clamd.release.set()
        assert Transfer.objects.get(pk=transfer_id).status == "verifying"
        second = start_worker(broker, clamd_path, log)
        try:
            wait_for(lambda: Transfer.objects.get(pk=transfer_id).status in ("accessioned", "failed"), 180,
                     "the new worker to finish the transfer", log)
        finally:
            second.send_signal(signal.SIGTERM)
            try:
                second.wait(30)
            except subprocess.TimeoutExpired:
                second.kill()
    transfer = Transfer.objects.get(pk=transfer_id)
    assert transfer.status == "accessioned", transfer.error
    assert transfer.attempts == 2
    with translation.override(source.language):  # events are written in the source's language
        resumed = gettext("Verification resumed after an interruption (attempt %(n)s).") % {"n": 2}
    assert TransferEvent.objects.filter(transfer=transfer, detail=resumed).exists()
    # Nothing twice, nothing lost.
    assert Unit.objects.count() == 5 and DigitalObject.objects.count() == 5
    assert Accession.objects.count() == 1
    assert stored(transfer_id) == sorted(Path(o.file.name).name for o in DigitalObject.objects.all())
    for obj in DigitalObject.objects.all():
        with open(Path(settings.MEDIA_ROOT) / obj.file.name, "rb") as fh:
            assert fh.read() == files[obj.original_name]
    assert PreservationEvent.objects.filter(event_type="ingestion").count() == 5
    assert PreservationEvent.objects.filter(event_type="virus_check", outcome="success").count() == 5
    assert not (Path(settings.MEDIA_ROOT) / "transfer-packages" / str(transfer_id)).exists() or \
        not any((Path(settings.MEDIA_ROOT) / "transfer-packages" / str(transfer_id)).iterdir())
