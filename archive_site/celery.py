"""The Celery app. Broker and result backend come from REDIS_URL; without it tasks run eagerly."""
import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")

app = Celery("archive_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The periodic jobs of every app, in one place (names are "<app>.tasks.<task>").
app.conf.beat_schedule = {
    "accessions-mark-overdue-deposits": {
        "task": "accessions.tasks.deposit_obligations_mark_overdue_task",
        "schedule": crontab(hour=6, minute=0),
    },
    "accessions-fixity-audit": {
        "task": "accessions.tasks.fixity_audit_task",
        "schedule": crontab(hour=2, minute=30),
    },
    "accessions-requeue-stuck-transfers": {
        "task": "accessions.tasks.transfers_requeue_stuck_task",
        "schedule": crontab(minute="*/15"),
    },
    "staff-revoke-rights-of-former-staff": {
        "task": "staff.tasks.staff_rights_revoke_ended_task",
        "schedule": crontab(hour=0, minute=30),
    },
    "staff-sync-archive-rural-flags": {
        "task": "staff.tasks.archive_rural_flags_sync_task",
        "schedule": crontab(hour=0, minute=5),
    },
    "holdings-refresh-opened-units": {
        "task": "holdings.tasks.search_vectors_refresh_opened_task",
        "schedule": crontab(hour=1, minute=15),
    },
}


@app.task(name="archive_site.ping")
def ping() -> str:
    """Answers "pong"; /healthz sends it through the broker to prove a worker is listening."""
    return "pong"
