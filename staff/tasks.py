"""Background work of the staff app: thin tasks that call one service."""
from celery import shared_task

from . import services


@shared_task(name="staff.tasks.staff_rights_revoke_ended_task")
def staff_rights_revoke_ended_task() -> int:
    """Daily: takes archive roles away from users whose employment in that archive has ended.
    Idempotent: users with no roles left are skipped."""
    return services.staff_rights_revoke_ended(actor=None)


@shared_task(name="staff.tasks.archive_rural_flags_sync_task")
def archive_rural_flags_sync_task() -> int:
    """Daily: archives reclassified from today on show their new status everywhere. Idempotent."""
    return services.archive_rural_flags_sync()
