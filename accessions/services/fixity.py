"""The periodic fixity audit: re-reads stored files in batches (keyset on the digital object id,
resuming where the last run stopped), compares their sha256, records a fixity event for every check
and raises an alert (row, e-mail to the archive, error log) on a mismatch or a missing file."""
from __future__ import annotations

import hashlib
import logging
import time

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from holdings.choices import EventOutcome, PreservationEventType
from holdings.models import DigitalObject, PreservationEvent

from ..choices import FixityProblem
from ..models import FixityAlert, FixityAuditState
from ..workflows import AccessionError
from .common import actor_or_none, advisory_lock, audit

logger = logging.getLogger(__name__)
AGENT = "National Archive fixity audit (sha256)"
LOCK_KEY = (0x4143, 0x46495859)  # "AC", "FIXY": the advisory lock of the audit runs


def _state() -> FixityAuditState:
    state = FixityAuditState.objects.select_for_update().order_by("pk").first()
    return state or FixityAuditState.objects.create()


def _read_sha256(name: str) -> str | None:
    """The file's sha256, or None when it is gone."""
    try:
        with default_storage.open(name, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except (FileNotFoundError, OSError):
        if not default_storage.exists(name):
            return None
        raise


def fixity_audit_run(*, max_files: int | None = None, batch_size: int | None = None,
                     seconds: float | None = None) -> dict:
    """Checks files until `max_files` or `seconds` run out (settings FIXITY_AUDIT_MAX_FILES /
    FIXITY_AUDIT_SECONDS, default 30 minutes), at most one full pass per run.

    Files are read outside any database transaction (a deposited film can take minutes to hash;
    a transaction held that long would block vacuum and hold the state row locked), and the time
    budget is looked at before every file, not only between batches. One run at a time: on
    PostgreSQL a session advisory lock, elsewhere runs are serial anyway."""
    batch_size = batch_size or getattr(settings, "FIXITY_AUDIT_BATCH", 200)
    max_files = max_files or getattr(settings, "FIXITY_AUDIT_MAX_FILES", None)
    deadline = time.monotonic() + (seconds or getattr(settings, "FIXITY_AUDIT_SECONDS", 1800))
    checked = problems = 0
    with advisory_lock(*LOCK_KEY) as acquired:
        if not acquired:
            return {"checked": 0, "problems": 0, "busy": True}
        while time.monotonic() < deadline and (max_files is None or checked < max_files):
            with transaction.atomic():
                state = _state()
                after = state.last_digital_object_id
                if not DigitalObject.objects.filter(pk__gt=after).exists():
                    if after == 0:
                        break  # nothing stored at all
                    # The end of a pass: the next batch starts a new cycle from the first file. A run
                    # that has already checked files stops here, so no file is checked twice in one run.
                    state.cycle += 1
                    state.last_digital_object_id = 0
                    state.cycle_started_at = timezone.now()
                    state.checked_in_cycle = 0
                    state.save()
                    if checked:
                        break
                    continue
            limit = batch_size if max_files is None else min(batch_size, max_files - checked)
            batch = list(DigitalObject.objects.filter(pk__gt=after).order_by("pk")
                         .select_related("unit").only("id", "file", "sha256", "original_name", "unit_id",
                                                      "unit__archive_id")[:limit])
            results = []
            for obj in batch:
                if results and time.monotonic() >= deadline:
                    break  # at least one file per batch, so every run moves on
                results.append((obj, _read_sha256(obj.file.name)))
            problems += _record(results)
            checked += len(results)
    return {"checked": checked, "problems": problems}


def _record(results: list) -> int:
    """Writes the events and alerts of checked files and moves the audit on past them (one transaction)."""
    if not results:
        return 0
    problems = 0
    events = []
    with transaction.atomic():
        for obj, found in results:
            ok = found == obj.sha256
            events.append(PreservationEvent(
                event_type=PreservationEventType.FIXITY_CHECK,
                outcome=EventOutcome.SUCCESS if ok else EventOutcome.FAILURE, unit_id=obj.unit_id,
                digital_object=obj, object_name=obj.file.name[:500], object_sha256=obj.sha256, agent=AGENT,
                detail=(_("sha256 matches.") if ok else
                        (_("sha256 %(found)s instead of %(expected)s.") % {"found": found, "expected": obj.sha256}
                         if found else _("The file is missing from storage."))),
                source="fixity-audit"))
            if not ok:
                problems += 1
                _alert(obj, found)
        PreservationEvent.objects.bulk_create(events)
        state = _state()
        state.last_digital_object_id = results[-1][0].pk
        state.checked_in_cycle += len(results)
        state.last_run_at = timezone.now()
        state.save()
    return problems


def _alert(obj: DigitalObject, found: str | None) -> None:
    problem = FixityProblem.MISSING if found is None else FixityProblem.MISMATCH
    logger.error("fixity audit: %s on %s (digital object %s, expected %s, found %s)", problem, obj.file.name, obj.pk,
                 obj.sha256, found)
    try:
        with transaction.atomic():
            alert = FixityAlert.objects.create(digital_object=obj, unit_id=obj.unit_id, archive_id=obj.unit.archive_id,
                                               problem=problem, object_name=obj.file.name[:500],
                                               expected_sha256=obj.sha256, found_sha256=found or "")
    except IntegrityError:
        return  # an open alert for this file already exists
    from ..notifications import send_fixity_alert

    transaction.on_commit(lambda: send_fixity_alert(alert.pk))


def fixity_alert_resolve(*, actor, alert: FixityAlert, resolution: str) -> FixityAlert:
    """Staff record what they did (restored from the insurance copy, ...); the file is checked again
    in the next cycle and alerts anew if it is still wrong."""
    resolution = (resolution or "").strip()
    if not resolution:
        raise AccessionError(_("Say what was done about the file."))
    with transaction.atomic():
        alert = FixityAlert.objects.select_for_update().get(pk=alert.pk)
        if alert.resolved_at is not None:
            raise AccessionError(_("This alert is already resolved."))
        alert.resolved_at = timezone.now()
        alert.resolved_by = actor_or_none(actor)
        alert.resolution = resolution
        alert.save(update_fields=["resolved_at", "resolved_by", "resolution"])
        audit(user=actor, target="fixity_alert", target_id=alert.pk, action="resolve", resolution=resolution)
    return alert
