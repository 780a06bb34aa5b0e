"""Import jobs: an uploaded inventory file checked (dry run) and then loaded, all or nothing, in the
background (Celery), for the back office and the API. The state machine is TRANSITIONS; progress is
kept in the cache (the load runs in one transaction, so the job row cannot show it)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access
from .choices import ImportStatus, StaffRole
from .importer import EXTENSIONS, ImportReport, import_file
from .models import Archive, ImportJob

MAX_FILE_BYTES = 200 * 1024 * 1024


class ImportJobError(Exception):
    """An import request that cannot be accepted; the message is for the user."""


TRANSITIONS: dict[str, set[str]] = {
    ImportStatus.UPLOADED: {ImportStatus.CHECKING},
    ImportStatus.CHECKING: {ImportStatus.CHECKED, ImportStatus.INVALID, ImportStatus.FAILED},
    ImportStatus.CHECKED: {ImportStatus.LOADING, ImportStatus.CHECKING},
    ImportStatus.LOADING: {ImportStatus.DONE, ImportStatus.INVALID, ImportStatus.FAILED},
    ImportStatus.INVALID: set(),
    ImportStatus.DONE: set(),
    ImportStatus.FAILED: set(),
}


def _move(job: ImportJob, to: str) -> None:
    if to not in TRANSITIONS[job.status]:
        raise ImportJobError(_("An import that is “%(status)s” cannot be “%(target)s”.")
                             % {"status": job.get_status_display(), "target": ImportStatus(to).label})
    job.status = to


def progress_key(job_id: int) -> str:
    return f"holdings:import:{job_id}"


def _progress(job: ImportJob) -> Callable[[str, int], None]:
    def report(phase: str, rows: int) -> None:
        cache.set(progress_key(job.pk), {"phase": phase, "rows": rows, "total": job.rows_total}, 24 * 3600)

    return report


def importable_archives(user) -> QuerySet[Archive]:
    """Archives the user may import into: those where the user describes holdings."""
    return access.staff_archives(user, StaffRole.ARCHIVIST)


def archive_for(user, value) -> Archive | None:
    """The archive named by id or code, if the user may import into it."""
    archives = importable_archives(user)
    value = str(value).strip()
    archive = archives.filter(code=value).first()
    if archive is None and value.isdigit():
        archive = archives.filter(pk=int(value)).first()
    return archive


def jobs_for(user) -> QuerySet[ImportJob]:
    """Import jobs of the archives where the user describes holdings, newest first."""
    return access.staff_scope(ImportJob.objects.all(), user, StaffRole.ARCHIVIST).select_related(
        "archive", "created_by").order_by("-created_at", "-id")


def import_job_create(*, actor, archive: Archive, upload, autoload: bool = False) -> ImportJob:
    """Stores an uploaded file as an import job and checks it in the background (then loads it if
    `autoload` and the check is clean)."""
    if not access.can_manage_holdings(actor, archive.pk):
        raise ImportJobError(_("You may not import into this archive."))
    name = Path(getattr(upload, "name", "") or "import").name
    ext = Path(name).suffix.lower()
    if ext not in EXTENSIONS:
        raise ImportJobError(_("Upload a CSV or XLSX file."))
    if getattr(upload, "size", 0) > MAX_FILE_BYTES:
        raise ImportJobError(_("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // (1024 * 1024)})
    from .tasks import import_job_check_task

    with transaction.atomic():
        job = ImportJob(archive=archive, created_by=actor, original_name=name[:300])
        job.file.save(f"import{ext}", upload, save=False)
        stored = job.file.name
        try:
            job.save()
        except Exception:
            job.file.storage.delete(stored)
            raise
        transaction.on_commit(lambda: import_job_check_task.delay(job.pk, autoload))
    return job


def _local_copy(job: ImportJob):
    """The job's file as a local temporary file (storage may be an object store)."""
    import shutil
    import tempfile

    handle = tempfile.NamedTemporaryFile(suffix=Path(job.original_name).suffix.lower() or ".csv")  # noqa: SIM115
    with job.file.open("rb") as source:
        shutil.copyfileobj(source, handle, 1024 * 1024)
    handle.flush()
    return handle


def import_job_check(*, job_id: int, autoload: bool = False) -> ImportJob | None:
    """The dry run of a job: CHECKING, then CHECKED (no errors) or INVALID, with the report."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status not in (ImportStatus.UPLOADED, ImportStatus.CHECKED):
            return job
        _move(job, ImportStatus.CHECKING)
        job.save(update_fields=["status"])
    try:
        with _local_copy(job) as local:
            report = import_file(actor=job.created_by, archive=job.archive, path=local.name, name=job.original_name,
                                 dry_run=True, progress=_progress(job))
    except Exception as exc:
        _fail(job, exc)
        raise
    job.report = report.to_json()
    job.rows_total = report.rows
    job.checked_at = timezone.now()
    _move(job, ImportStatus.CHECKED if report.ok else ImportStatus.INVALID)
    job.save(update_fields=["report", "rows_total", "checked_at", "status"])
    cache.delete(progress_key(job.pk))
    if autoload and job.status == ImportStatus.CHECKED:
        import_job_confirm(actor=job.created_by, job=job, run_now=True)
    return job


def import_job_confirm(*, actor, job: ImportJob, run_now: bool = False) -> ImportJob:
    """Starts the load of a checked job (in the background, or at once with run_now)."""
    from .tasks import import_job_load_task

    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if not access.can_manage_holdings(actor, job.archive_id):
            raise ImportJobError(_("You may not import into this archive."))
        _move(job, ImportStatus.LOADING)
        job.save(update_fields=["status"])
        if not run_now:
            transaction.on_commit(lambda: import_job_load_task.delay(job.pk))
    if run_now:
        import_job_load(job_id=job.pk)
    return job


def import_job_load(*, job_id: int) -> ImportJob | None:
    """Loads a job all or nothing; the job turns DONE in the same transaction as its units."""
    job = ImportJob.objects.select_related("archive", "created_by").filter(pk=job_id).first()
    if job is None or job.status != ImportStatus.LOADING:
        return job
    if job.created_by is None or not access.can_manage_holdings(job.created_by, job.archive_id):
        _fail(job, ImportJobError(_("You may not import into this archive.")))
        return job

    def done(report: ImportReport) -> None:
        job.report = report.to_json()
        job.units_created = report.units_created
        job.fonds_created = len(report.fonds_new)
        job.inventories_created = len(report.inventories_new)
        job.finished_at = timezone.now()
        _move(job, ImportStatus.DONE)
        job.save(update_fields=["report", "units_created", "fonds_created", "inventories_created", "finished_at",
                                "status"])

    try:
        with _local_copy(job) as local:
            report = import_file(actor=job.created_by, archive=job.archive, path=local.name, name=job.original_name,
                                 progress=_progress(job), on_loaded=done)
    except Exception as exc:
        _fail(job, exc)
        raise
    if not report.loaded:
        job.report = report.to_json()
        job.finished_at = timezone.now()
        _move(job, ImportStatus.INVALID)
        job.save(update_fields=["report", "finished_at", "status"])
    cache.delete(progress_key(job.pk))
    return job


def _fail(job: ImportJob, exc: Exception) -> None:
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, error=str(exc)[:2000],
                                               finished_at=timezone.now())
    cache.delete(progress_key(job.pk))
