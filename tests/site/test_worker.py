"""A real Celery worker, started by the test, runs a task sent through Redis (REDIS_URL must be set;
CI's PostgreSQL pass sets it)."""
import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings

from archive_site.celery import app as celery_app
from archive_site.celery import ping

from .conftest import BASE_DIR

pytestmark = pytest.mark.worker


@pytest.fixture
def worker(tmp_path):
    """A worker on its own queue, so that it takes no other run's tasks and no one else takes ours."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    log = tmp_path / "worker.log"
    env = {**os.environ, "PYTHONPATH": str(BASE_DIR), "DJANGO_SETTINGS_MODULE": "archive_site.settings",
           "PYTHONUNBUFFERED": "1"}
    hostname = f"{queue}@localhost"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "archive_site", "worker", "--pool=solo", "--concurrency=1",
             "-Q", queue, "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO",
             "--hostname", hostname],
            cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    # The test process sends through Redis too, whatever another test set eager.
    wanted = {"task_always_eager": False, "broker_url": settings.CELERY_BROKER_URL,
              "result_backend": settings.CELERY_RESULT_BACKEND}
    saved = {key: celery_app.conf.get(key) for key in wanted}
    celery_app.conf.update(wanted)
    try:
        wait_until_ready(hostname, process, log)
        yield queue, process, log
    finally:
        celery_app.conf.update(saved)
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def wait_until_ready(hostname: str, process: subprocess.Popen, log, timeout: float = 120) -> None:
    """Starting means importing Django and every app: on a busy machine that takes a while."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the worker exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        if celery_app.control.ping(destination=[hostname], timeout=1.0):
            return
    pytest.fail(f"the worker did not start in {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def test_ping_through_redis_and_a_real_worker(worker):
    queue, process, log = worker
    started = time.monotonic()
    result = ping.apply_async(queue=queue)
    try:
        assert result.get(timeout=30) == "pong"
    except Exception:
        pytest.fail(f"no answer from the worker (exit code {process.poll()}):\n{log.read_text()[-3000:]}")
    assert time.monotonic() - started < 30
    assert process.poll() is None, "the worker is still running"
    # The task really ran in the worker process, not eagerly here.
    assert "archive_site.ping" in log.read_text()
