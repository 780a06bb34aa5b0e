"""Background work of accessions: thin tasks that take ids and call one service each. All are safe
to run twice (acks_late: a task whose worker died is delivered again and finishes the work)."""
from celery import shared_task

from . import services


@shared_task(name="accessions.tasks.transfer_process_task", acks_late=True, reject_on_worker_lost=True)
def transfer_process_task(transfer_id: int) -> str:
    """Runs a transfer's pipeline from wherever it stands (gone, busy or a status)."""
    return services.transfer_process(transfer_id=transfer_id)


@shared_task(name="accessions.tasks.deposit_media_process_task", acks_late=True, reject_on_worker_lost=True)
def deposit_media_process_task(accession_id: int) -> dict:
    """Technical metadata, access copy and poster frame of a deposit's audiovisual files."""
    return services.deposit_media_process(accession_id=accession_id)


@shared_task(name="accessions.tasks.deposit_obligations_mark_overdue_task")
def deposit_obligations_mark_overdue_task() -> dict:
    """Daily (beat): overdue obligations and reminders, at most one per obligation and day."""
    return services.obligations_mark_overdue()


@shared_task(name="accessions.tasks.fixity_audit_task")
def fixity_audit_task() -> dict:
    """Daily (beat): re-reads stored files from where the last run stopped and compares sha256."""
    return services.fixity_audit_run()


@shared_task(name="accessions.tasks.transfers_requeue_stuck_task")
def transfers_requeue_stuck_task() -> dict:
    """Every 15 minutes (beat): transfers whose task was lost are sent again (or stopped)."""
    return services.transfers_requeue_stuck()
