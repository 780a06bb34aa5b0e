"""/healthz: database, broker (or "eager") and storage; 503 when one of them is down.

Load balancers and monitors need only the status; why a part is down (which can name internal
hosts) goes to the log, and to superusers on the page."""
import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    from archive_site.celery import app, ping

    with app.connection_for_write() as conn:
        # One quick retry: a broker that is down must not hold /healthz for seconds.
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0.2, timeout=2)
    if ping.apply_async(expires=5).get(timeout=5) != "pong":
        raise RuntimeError("no pong")
    return "ok"


def check_storage() -> str:
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as fh:
            if fh.read() != b"ok":
                raise RuntimeError("read back differs")
    finally:
        default_storage.delete(name)
    return "ok"


logger = logging.getLogger(__name__)

CHECKS = {"database": check_database, "broker": check_broker, "storage": check_storage}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    report: dict[str, str] = {}
    healthy = True
    detailed = request.user.is_authenticated and request.user.is_superuser
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except Exception as exc:  # noqa: BLE001 - any failure means "down", with its reason
            healthy = False
            reason = f"{exc.__class__.__name__}: {exc}"[:300]
            logger.warning("healthz: %s is down: %s", name, reason)
            report[name] = f"down: {reason}" if detailed else "down"
    report["status"] = "ok" if healthy else "down"
    return JsonResponse(report, status=200 if healthy else 503)
