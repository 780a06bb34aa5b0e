"""Background work of the appraisal app: thin tasks that take ids and call one service."""
from celery import shared_task

from . import services


@shared_task(name="appraisal.tasks.case_notify_submitted_task")
def case_notify_submitted_task(case_id: int) -> int:
    return services.case_notify_submitted(case_id=case_id)


@shared_task(name="appraisal.tasks.case_notify_decided_task")
def case_notify_decided_task(case_id: int) -> int:
    return services.case_notify_decided(case_id=case_id)
