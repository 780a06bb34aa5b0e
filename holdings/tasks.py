"""Background work of holdings; each task takes ids, re-fetches, and calls one service."""
from celery import shared_task
from django.db import connection
from django.utils import timezone

from .models import DigitalObject


@shared_task(name="holdings.tasks.digital_object_make_derivatives_task", acks_late=True,
             autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def digital_object_make_derivatives_task(digital_object_id: int) -> str:
    from .derivatives import make_derivatives

    obj = DigitalObject.objects.filter(pk=digital_object_id).first()
    if obj is None:
        return "gone"
    make_derivatives(obj)
    return "ok"


@shared_task(name="holdings.tasks.search_vectors_refresh_opened_task")
def search_vectors_refresh_opened_task(days: int = 2) -> int:
    """Personal and restricted units whose restriction lapsed in the last days get their public
    vector rebuilt (the trigger recomputes it when search_public is touched); closed units never
    open by date. Visibility itself needs no job."""
    if connection.vendor != "postgresql":
        return 0
    today = timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(
            # updated_at moves too, so that OAI-PMH harvesters fetch the now open record again.
            "UPDATE holdings_unit SET search_public = NULL, updated_at = %s "
            "WHERE restricted_until >= %s AND restricted_until < %s AND effective_access IN ('personal', 'restricted')",
            [timezone.now(), today - timezone.timedelta(days=days), today],
        )
        return cursor.rowcount


@shared_task(name="holdings.tasks.import_job_check_task", acks_late=True)
def import_job_check_task(job_id: int, autoload: bool = False) -> str:
    """The dry run of an uploaded import (then the load, with autoload and a clean check)."""
    from .import_jobs import import_job_check

    job = import_job_check(job_id=job_id, autoload=autoload)
    return job.status if job else "gone"


@shared_task(name="holdings.tasks.import_job_load_task", acks_late=True)
def import_job_load_task(job_id: int) -> str:
    """The all-or-nothing load of a checked import."""
    from .import_jobs import import_job_load

    job = import_job_load(job_id=job_id)
    return job.status if job else "gone"
