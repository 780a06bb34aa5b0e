"""Electronic transfers from agencies' systems (the unified electronic archive).

uploaded -> verifying (unpack, bag checksums, metadata, formats, virus scan, storage) -> stored ->
accessioned | failed. Each step checks the transfer's state under a row lock before it moves it;
every write it makes is keyed by the transfer id (stored files under `transfers/<id>/`, file rows
rebuilt per run), so a run killed half-way is simply run again (Celery acks late) and finishes with
nothing twice. A failure deletes the stored files before the transfer is marked failed, and the
accession step is one database transaction: no partial units, no orphan files."""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from holdings import services as holdings
from holdings.choices import EventOutcome, PreservationEventType
from holdings.models import Fonds, Inventory, PreservationEvent, Unit

from .. import i18n
from ..choices import (
    AccessionKind,
    AccessionStatus,
    IdentificationMethod,
    StepOutcome,
    TransferStatus,
    TransferStep,
)
from ..i18n import gettext as _
from ..ingest import bag as bagcheck
from ..ingest import clamav, formats, metadata, unpack
from ..ingest.errors import PackageError, ScannerUnavailable
from ..models import AgencyAccount, Source, Transfer, TransferEvent, TransferFile
from ..workflows import AccessionError, check
from .acts import link_units
from .common import accession_create_numbered, advisory_lock, audit, target_tree

logger = logging.getLogger(__name__)

AGENT = "National Archive ingest pipeline"
OPEN_STATUSES = (TransferStatus.UPLOADED, TransferStatus.VERIFYING, TransferStatus.STORED)
REQUEUE_BATCH = 200
LOCK_NAMESPACE = 0x4143  # "AC": advisory locks of transfers


class IdempotencyConflict(AccessionError):
    """The same Idempotency-Key was used before for a different package."""


class PackageTooLarge(AccessionError):
    """The package is above TRANSFER_MAX_BYTES."""


# ---------------------------------------------------------------- submission
def _clean_key(key: str) -> str:
    key = (key or "").strip()
    if not key or len(key) > 200 or not key.isprintable():
        raise AccessionError(_("Send an Idempotency-Key header: 1 to 200 printable characters, unique per package."))
    return key


def _sha256(fileobj) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(1024 * 1024), b""):
        digest.update(chunk)
        size += len(chunk)
    fileobj.seek(0)
    return digest.hexdigest(), size


def _package_name(transfer: Transfer) -> str:
    suffix = "".join(PurePosixPath(transfer.package_name).suffixes[-2:])[:20] or ".bin"
    return f"transfer-packages/{transfer.pk}/package{default_storage.get_valid_name(suffix)}"


def transfer_submit(*, account: AgencyAccount, package, idempotency_key: str) -> tuple[Transfer, bool]:
    """Keeps the package and queues its processing. Returns (transfer, created): the same key from
    the same source gives back the first transfer (created False) without storing anything."""
    key = _clean_key(idempotency_key)
    with translation.override(account.source.language):  # its events are read by the sender
        return _submit(account, package, key)


def _submit(account: AgencyAccount, package, key: str) -> tuple[Transfer, bool]:
    sha, size = _sha256(package)
    existing = Transfer.objects.filter(source_id=account.source_id, idempotency_key=key).first()
    if existing is not None:
        if existing.package_sha256 != sha:
            raise IdempotencyConflict(_("This Idempotency-Key was already used for a different package."))
        if existing.status == TransferStatus.UPLOADED:
            # Not started: its task may never have reached the broker (it was down when the first
            # request committed, which then answered 500). The sender's resend queues it again; a
            # second task for a transfer already under way finds it busy or done and does nothing.
            transaction.on_commit(lambda: _enqueue(existing.pk))
        return existing, False
    if size > settings.TRANSFER_MAX_BYTES:
        raise PackageTooLarge(_("The package is larger than %(size)s MB, the limit for one transfer.")
                              % {"size": settings.TRANSFER_MAX_BYTES // (1024 * 1024)})
    if size == 0:
        raise AccessionError(_("The package is empty."))
    original = PurePosixPath((getattr(package, "name", "") or "package").replace("\\", "/")).name[:300]
    stored = ""
    try:
        with transaction.atomic():
            transfer = Transfer.objects.create(
                source_id=account.source_id, archive_id=account.archive_id, account=account, idempotency_key=key,
                package_name=original, package_size=size, package_sha256=sha)
            name = _package_name(transfer)
            if default_storage.exists(name):
                default_storage.delete(name)
            stored = default_storage.save(name, package)
            transfer.package = stored
            transfer.save(update_fields=["package"])
            _event(transfer, TransferStep.UPLOAD, StepOutcome.SUCCESS,
                   _("Package %(name)s received: %(size)s bytes, sha256 %(sha)s.")
                   % {"name": original, "size": size, "sha": sha})
            audit(user=account.user, target="transfer", target_id=transfer.pk, action="submit", sha256=sha)
            transaction.on_commit(lambda: _enqueue(transfer.pk))
    except IntegrityError:
        # The same key arrived twice at the same moment: the other request won; answer with its transfer.
        if stored:
            default_storage.delete(stored)
        existing = Transfer.objects.get(source_id=account.source_id, idempotency_key=key)
        if existing.package_sha256 != sha:
            raise IdempotencyConflict(_("This Idempotency-Key was already used for a different package.")) from None
        return existing, False
    except Exception:
        if stored:
            default_storage.delete(stored)
        raise
    return transfer, True


def _enqueue(transfer_id: int) -> None:
    from ..tasks import transfer_process_task

    transfer_process_task.delay(transfer_id)


def transfer_retry(*, actor, transfer: Transfer) -> Transfer:
    """Staff send a failed transfer through the pipeline again (its package is kept until success)."""
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
        check("transfer", transfer.status, TransferStatus.UPLOADED)
        if not transfer.package or not default_storage.exists(transfer.package):
            raise AccessionError(_("The package is no longer kept; ask the sender to transfer it again."))
        transfer.status = TransferStatus.UPLOADED
        transfer.error = ""
        transfer.error_file = ""
        transfer.finished_at = None
        transfer.updated_at = timezone.now()
        transfer.error_i18n = {}
        transfer.save(update_fields=["status", "error", "error_i18n", "error_file", "finished_at", "updated_at"])
        with translation.override(Source.objects.only("language").get(pk=transfer.source_id).language):
            _event(transfer, TransferStep.RETRY, StepOutcome.SUCCESS,
                   _("Sent through the pipeline again by %(user)s.") % {"user": actor.display_name if actor else "—"})
        audit(user=actor, target="transfer", target_id=transfer.pk, action="retry")
        transaction.on_commit(lambda: _enqueue(transfer.pk))
    return transfer


def transfers_requeue_stuck(*, now=None) -> dict:
    """Periodic (beat): a transfer whose task was lost (Redis restarted without its queue, a worker
    gone for good) would sit in uploaded, verifying or stored for ever. After
    TRANSFER_REQUEUE_MINUTES without progress it is sent through the pipeline again, which resumes
    where it stands; a run still going holds the transfer's lock, so the extra task returns "busy".
    One that has started TRANSFER_MAX_ATTEMPTS times fails with the reason instead of looping."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(minutes=settings.TRANSFER_REQUEUE_MINUTES)
    stuck = list(Transfer.objects.filter(status__in=OPEN_STATUSES, updated_at__lt=cutoff)
                 .select_related("source").order_by("updated_at")[:REQUEUE_BATCH])
    requeued, failed = [], []
    for transfer in stuck:
        if transfer.attempts >= settings.TRANSFER_MAX_ATTEMPTS and transfer.status != TransferStatus.STORED:
            with translation.override(transfer.source.language):
                _fail(transfer, _("Processing was interrupted %(n)s times; the transfer was stopped. Staff can "
                                  "retry it.") % {"n": transfer.attempts}, "", TransferStep.UNPACK)
            failed.append(transfer.pk)
        else:
            requeued.append(transfer.pk)
    # Each id re-read by the task; a transfer that moved on meanwhile is simply resumed or left alone.
    Transfer.objects.filter(pk__in=requeued).update(updated_at=now)
    for transfer_id in requeued:
        _enqueue(transfer_id)
    if requeued or failed:
        logger.warning("transfers requeued: %s; stopped after too many attempts: %s", requeued, failed)
    return {"requeued": len(requeued), "failed": len(failed)}


# ---------------------------------------------------------------- processing
def _event(transfer: Transfer, step: str, outcome: str, detail: str, agent: str = AGENT) -> None:
    """`detail` as the sender reads it (the active language is the source's) and in every language."""
    TransferEvent.objects.create(transfer=transfer, step=step, outcome=outcome, detail=str(detail),
                                 detail_i18n=i18n.renderings(detail), agent=agent[:200])


def _processing_lock(transfer_id: int):
    """One worker at a time per transfer."""
    return advisory_lock(LOCK_NAMESPACE, transfer_id % 2**31)


def work_dir(transfer: Transfer) -> Path:
    base = getattr(settings, "TRANSFER_WORK_DIR", "") or Path(tempfile.gettempdir()) / "archive-transfers"
    return Path(base) / f"{transfer.pk}-{transfer.package_sha256[:12]}"


def stored_prefix(transfer_id: int) -> str:
    return f"transfers/{transfer_id}"


def transfer_process(*, transfer_id: int) -> str:
    """Runs the pipeline from wherever the transfer stands; returns its status afterwards. Errors and
    events are written in the source's language (the sender reads them through the API)."""
    with _processing_lock(transfer_id) as acquired:
        if not acquired:
            return "busy"
        transfer = Transfer.objects.select_related("source").filter(pk=transfer_id).first()
        if transfer is None:
            return "gone"
        with translation.override(transfer.source.language):
            return _run(transfer)


def _run(transfer: Transfer) -> str:
    """The steps, each resuming from the state the transfer is in."""
    transfer_id = transfer.pk
    step = TransferStep.UNPACK
    try:
        if transfer.status in (TransferStatus.UPLOADED, TransferStatus.VERIFYING):
            transfer = _begin_verifying(transfer)
            step = _verify_and_store(transfer)
        transfer.refresh_from_db()
        if transfer.status == TransferStatus.STORED:
            step = TransferStep.ACCESSION
            _accession(transfer)
    except PackageError as exc:
        _fail(transfer, exc.message, exc.path, getattr(exc, "step", step))
    except ScannerUnavailable as exc:
        logger.error("transfer %s: virus scanner unavailable: %s", transfer_id, exc)
        _fail(transfer, _("The virus scanner could not be reached; nothing was accepted. Staff can retry the "
                          "transfer when it is back."), "", TransferStep.VIRUS)
    except (AccessionError, holdings.HoldingsError) as exc:
        _fail(transfer, exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc), "", step)
    except Exception as exc:
        logger.exception("transfer %s failed unexpectedly", transfer_id)
        _fail(transfer, _("Internal error while processing the transfer (%(error)s); staff have been told and "
                          "can retry it.") % {"error": exc.__class__.__name__}, "", step)
    transfer.refresh_from_db()
    if transfer.status == TransferStatus.ACCESSIONED:
        # The package is not needed once its files are units (also cleans up after a run that
        # was killed between the commit and this line).
        delete_package(transfer.pk)
    if transfer.status in (TransferStatus.ACCESSIONED, TransferStatus.FAILED):
        shutil.rmtree(work_dir(transfer), ignore_errors=True)
    return transfer.status


def delete_package(transfer_id: int) -> int:
    prefix = f"transfer-packages/{transfer_id}"
    try:
        _dirs, names = default_storage.listdir(prefix)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    for name in names:
        default_storage.delete(f"{prefix}/{name}")
    with contextlib.suppress(NotImplementedError, OSError):
        Path(default_storage.path(prefix)).rmdir()
    return len(names)


def _begin_verifying(transfer: Transfer) -> Transfer:
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if transfer.status == TransferStatus.UPLOADED:
            check("transfer", transfer.status, TransferStatus.VERIFYING)
            transfer.status = TransferStatus.VERIFYING
            detail = _("Verification started.")
        else:
            detail = _("Verification resumed after an interruption (attempt %(n)s).") % {"n": transfer.attempts + 1}
        transfer.attempts += 1
        transfer.updated_at = timezone.now()
        transfer.save(update_fields=["status", "attempts", "updated_at"])
        _event(transfer, TransferStep.UNPACK, StepOutcome.SUCCESS, detail)
    return transfer


@contextlib.contextmanager
def _local_package(transfer: Transfer, work: Path):
    if not transfer.package or not default_storage.exists(transfer.package):
        raise PackageError(_("The package is no longer kept; ask the sender to transfer it again."))
    try:
        yield Path(default_storage.path(transfer.package))
        return
    except NotImplementedError:
        pass
    local = work / "package"
    with default_storage.open(transfer.package, "rb") as src, open(local, "wb") as dst:
        shutil.copyfileobj(src, dst, 1024 * 1024)
    yield local


def _step_error(step: str, exc: PackageError) -> PackageError:
    exc.step = step
    return exc


def _verify_and_store(transfer: Transfer) -> str:
    work = work_dir(transfer)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    step = TransferStep.UNPACK
    try:
        with _local_package(transfer, work) as package:
            root = unpack.unpack(package, work / "bag")
        _event(transfer, step, StepOutcome.SUCCESS, _("Package unpacked safely."))
        step = TransferStep.VALIDATION
        valid = bagcheck.validate(root)
        _event(transfer, step, StepOutcome.SUCCESS,
               _("Bag valid: %(n)s payload files, checksums (%(alg)s) match.")
               % {"n": len(valid.payload), "alg": ", ".join(valid.algorithms)}, bagcheck.AGENT)
        step = TransferStep.METADATA
        meta = metadata.parse(root, valid.payload)
        _check_target(transfer, meta)
        _event(transfer, step, StepOutcome.SUCCESS,
               _("%(file)s read: %(n)s units for fonds %(fonds)s, inventory %(inventory)s.")
               % {"file": metadata.FILENAME, "n": len(meta.units), "fonds": meta.fonds, "inventory": meta.inventory})
        files = _file_rows(transfer, meta, valid, root)
        step = TransferStep.FORMAT
        _identify(transfer, files, root)
        step = TransferStep.VIRUS
        _scan_and_store(transfer, files, root)
    except PackageError as exc:
        raise _step_error(step, exc) from None
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if transfer.status != TransferStatus.VERIFYING:
            return step
        check("transfer", transfer.status, TransferStatus.STORED)
        transfer.status = TransferStatus.STORED
        transfer.metadata = meta.as_json()
        transfer.file_count = len(files)
        transfer.payload_bytes = sum(f.size for f in files)
        transfer.updated_at = timezone.now()
        transfer.save(update_fields=["status", "metadata", "file_count", "payload_bytes", "updated_at"])
    return step


def _check_target(transfer: Transfer, meta: metadata.PackageMetadata) -> None:
    """Fails early (before anything is stored) when the units could not be placed."""
    fonds = Fonds.objects.filter(archive_id=transfer.archive_id, number=meta.fonds).first()
    if fonds is None and not meta.fonds_title:
        raise PackageError(_("Fonds %(number)s does not exist in the archive; add fonds_title to %(file)s to "
                             "create it.") % {"number": meta.fonds, "file": metadata.FILENAME}, metadata.FILENAME)
    inventory = Inventory.objects.filter(fonds=fonds, number=meta.inventory).first() if fonds else None
    if inventory is None and not meta.inventory_title:
        raise PackageError(_("Inventory %(number)s does not exist in fonds %(fonds)s; add inventory_title to "
                             "%(file)s to create it.") % {"number": meta.inventory, "fonds": meta.fonds,
                                                          "file": metadata.FILENAME}, metadata.FILENAME)
    if inventory is not None:
        taken = list(Unit.objects.filter(inventory=inventory, number__in=[u.number for u in meta.units])
                     .values_list("number", flat=True)[:5])
        if taken:
            raise PackageError(_("Inventory %(inventory)s already has units numbered %(numbers)s.")
                               % {"inventory": meta.inventory, "numbers": ", ".join(taken)}, metadata.FILENAME)


def _file_rows(transfer: Transfer, meta, valid, root: Path) -> list[TransferFile]:
    """The payload files in metadata order, rebuilt on every run (a resumed run starts clean)."""
    rows = []
    position = 0
    for unit in meta.units:
        for path in unit.files:
            position += 1
            local = root / path
            sha = valid.checksums.get(path, {}).get("sha256")
            if not sha:
                with open(local, "rb") as fh:
                    sha = hashlib.file_digest(fh, "sha256").hexdigest()
            rows.append(TransferFile(transfer=transfer, path=path, unit_number=unit.number, position=position,
                                     size=local.stat().st_size, sha256=sha))
    with transaction.atomic():
        TransferFile.objects.filter(transfer=transfer).delete()
        TransferFile.objects.bulk_create(rows, batch_size=1000)
    return list(TransferFile.objects.filter(transfer=transfer).order_by("position"))


def _identify(transfer: Transfer, files: list[TransferFile], root: Path) -> None:
    now = timezone.now()
    counts = {m: 0 for m in IdentificationMethod.values}
    for f in files:
        found = formats.identify(root / f.path)
        f.puid, f.format_name, f.mime = found.puid, found.name[:300], found.mime[:100]
        f.identification_method, f.identification_detail, f.identified_at = found.method, found.detail[:300], now
        counts[found.method] += 1
    TransferFile.objects.bulk_update(files, ["puid", "format_name", "mime", "identification_method",
                                             "identification_detail", "identified_at"], batch_size=1000)
    outcome = StepOutcome.SUCCESS if not counts[IdentificationMethod.NONE] else StepOutcome.WARNING
    _event(transfer, TransferStep.FORMAT, outcome,
           _("%(fido)s files identified by PRONOM signature (fido), %(sig)s by the file signature table, %(none)s "
             "not identified.") % {"fido": counts[IdentificationMethod.FIDO],
                                   "sig": counts[IdentificationMethod.SIGNATURE],
                                   "none": counts[IdentificationMethod.NONE]}, formats.agent())


def _scan_and_store(transfer: Transfer, files: list[TransferFile], root: Path) -> None:
    socket_path = settings.CLAMD_SOCKET
    scanner = clamav.version(socket_path) if socket_path else ""
    if not socket_path:
        _event(transfer, TransferStep.VIRUS, StepOutcome.SKIPPED,
               _("Not scanned: no ClamAV socket is configured (CLAMD_SOCKET)."))
    prefix = stored_prefix(transfer.pk)
    for f in files:
        local = root / f.path
        if socket_path:
            result = clamav.scan_file(local, socket_path)
            if not result.clean:
                raise _step_error(TransferStep.VIRUS, PackageError(
                    _("Virus found in %(path)s: %(signature)s.") % {"path": f.path, "signature": result.signature},
                    f.path))
            f.virus_check = f"clean: {result.answer}"[:300]
            f.virus_checked_at = timezone.now()
        else:
            f.virus_check = ""
        name = f"{prefix}/{f.position:05d}-{default_storage.get_valid_name(PurePosixPath(f.path).name)}"[:480]
        try:
            f.stored_name = _store(local, name, f.sha256, f.path)
        except PackageError as exc:
            raise _step_error(TransferStep.STORAGE, exc) from None
        f.stored_at = timezone.now()
        f.save(update_fields=["virus_check", "virus_checked_at", "stored_name", "stored_at"])
    if socket_path:
        _event(transfer, TransferStep.VIRUS, StepOutcome.SUCCESS,
               _("%(n)s files scanned, no virus found.") % {"n": len(files)}, scanner)
    _event(transfer, TransferStep.STORAGE, StepOutcome.SUCCESS,
           _("%(n)s files stored, each read back and its sha256 checked.") % {"n": len(files)})


def _stored_sha256(name: str) -> str:
    with default_storage.open(name, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _store(local: Path, name: str, sha256: str, path: str) -> str:
    """Writes one file under a name fixed by the transfer (a file left by an interrupted run is
    kept when its checksum is right, replaced otherwise) and reads it back to check it."""
    if default_storage.exists(name):
        if _stored_sha256(name) == sha256:
            return name
        default_storage.delete(name)
    with open(local, "rb") as fh:
        stored = default_storage.save(name, File(fh, name=PurePosixPath(name).name))
    found = _stored_sha256(stored)
    if found != sha256:
        default_storage.delete(stored)
        raise PackageError(_("%(path)s was damaged while being stored (sha256 %(found)s instead of %(expected)s).")
                           % {"path": path, "found": found, "expected": sha256}, path)
    return stored


def delete_stored_files(transfer_id: int) -> int:
    """Removes everything stored for a transfer (by prefix: also files an interrupted run wrote)."""
    prefix = stored_prefix(transfer_id)
    try:
        _dirs, names = default_storage.listdir(prefix)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    for name in names:
        default_storage.delete(f"{prefix}/{name}")
    with contextlib.suppress(NotImplementedError, OSError):
        Path(default_storage.path(prefix)).rmdir()
    return len(names)


def _fail(transfer: Transfer, message: str, path: str, step: str) -> None:
    """Files first (so nothing is left even if we die here), then the state, the event and the reason.
    An accessioned transfer's files are the archive's digital objects now: never deleted here."""
    if Transfer.objects.filter(pk=transfer.pk, status=TransferStatus.ACCESSIONED).exists():
        return
    delete_stored_files(transfer.pk)
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if transfer.status in (TransferStatus.FAILED, TransferStatus.ACCESSIONED):
            return
        check("transfer", transfer.status, TransferStatus.FAILED)
        transfer.status = TransferStatus.FAILED
        transfer.error = str(message)
        transfer.error_i18n = i18n.renderings(message)
        transfer.error_file = path[:1000]
        transfer.finished_at = timezone.now()
        transfer.updated_at = transfer.finished_at
        transfer.save(update_fields=["status", "error", "error_i18n", "error_file", "finished_at", "updated_at"])
        TransferFile.objects.filter(transfer=transfer).update(stored_name="", stored_at=None)
        _event(transfer, step, StepOutcome.FAILURE, message)
        event_type = {TransferStep.VIRUS: PreservationEventType.VIRUS_CHECK,
                      TransferStep.FORMAT: PreservationEventType.FORMAT_IDENTIFICATION,
                      TransferStep.VALIDATION: PreservationEventType.FIXITY_CHECK,
                      TransferStep.STORAGE: PreservationEventType.FIXITY_CHECK}.get(step,
                                                                                   PreservationEventType.INGESTION)
        PreservationEvent.objects.create(event_type=event_type, outcome=EventOutcome.FAILURE,
                                         object_name=(path or transfer.package_name)[:500], agent=AGENT,
                                         detail=str(message), source=f"transfer:{transfer.pk}")
        audit(user=None, target="transfer", target_id=transfer.pk, action="fail", step=step,
              error=str(message)[:500])


def _accession(transfer: Transfer) -> None:
    """stored -> accessioned in one transaction: fonds/inventory found or made, units created, files
    registered as masters, preservation events written, the act recorded as processed."""
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update(of=("self",)).select_related("source", "archive", "account__user").get(
            pk=transfer.pk)
        if transfer.status != TransferStatus.STORED:
            return
        check("transfer", transfer.status, TransferStatus.ACCESSIONED)
        actor = transfer.account.user if transfer.account_id else None
        meta = metadata.PackageMetadata.from_json(transfer.metadata)
        fonds, inventory = target_tree(actor=actor, archive=transfer.archive, fonds_number=meta.fonds,
                                       fonds_title=meta.fonds_title, inventory_number=meta.inventory,
                                       inventory_title=meta.inventory_title)
        rows = [holdings.UnitData(
            number=u.number, title=u.title, public_title=u.public_title, date_start=u.date("date_start"),
            date_end=u.date("date_end"), extent_sheets=u.extent_sheets, duration_seconds=u.duration_seconds,
            media=u.media, access_level=u.access_level, restricted_until=u.date("restricted_until"),
            contains_personal_data=u.contains_personal_data, annotation=u.annotation) for u in meta.units]
        units = holdings.units_create(actor=actor, inventory=inventory, rows=rows, action="transfer")
        by_number = {u.number: u for u in units}
        now = timezone.now()
        description = meta.description or str(_("Electronic transfer %(id)s from %(source)s.") % {
            "id": transfer.pk, "source": transfer.source.name})
        if meta.reference:
            description += "\n" + str(_("Sender's reference: %(ref)s") % {"ref": meta.reference})
        accession = accession_create_numbered(
            archive=transfer.archive, source=transfer.source, kind=AccessionKind.ELECTRONIC, date=timezone.localdate(),
            status=AccessionStatus.PROCESSED, description=description, extent_units=len(units),
            extent_note=str(_("%(n)s files, %(mb)s MB") % {"n": transfer.file_count,
                                                            "mb": round(transfer.payload_bytes / 1024 / 1024, 1)}),
            fonds=fonds, inventory=inventory, unit_count=len(units), created_by=actor, received_at=now,
            received_by=actor, processed_at=now, processed_by=actor)
        link_units(accession, units)
        files = list(TransferFile.objects.filter(transfer=transfer).order_by("position"))
        page: dict[int, int] = {}
        stored = []
        for f in files:
            unit = by_number[f.unit_number]
            page[unit.pk] = page.get(unit.pk, 0) + 1
            stored.append(holdings.StoredFile(unit=unit, name=f.stored_name, sha256=f.sha256, size=f.size,
                                              original_name=PurePosixPath(f.path).name, format=f.mime, puid=f.puid,
                                              page_order=page[unit.pk]))
        objects = holdings.digital_objects_register(actor=actor, files=stored)
        events = []
        source_label = f"transfer:{transfer.pk}"
        virus_agent = next((e.agent for e in transfer.events.filter(step=TransferStep.VIRUS,
                                                                    outcome=StepOutcome.SUCCESS)), "")
        methods = dict(IdentificationMethod.choices)
        for f, obj in zip(files, objects, strict=True):
            f.digital_object = obj
            common = {"unit_id": obj.unit_id, "digital_object": obj, "object_name": f.path[:500],
                      "object_sha256": f.sha256, "source": source_label, "user": actor}
            events.append(PreservationEvent(at=f.stored_at or now, event_type=PreservationEventType.FIXITY_CHECK,
                                            outcome=EventOutcome.SUCCESS, agent=f"{bagcheck.AGENT}; sha256",
                                            detail=str(_("Bag manifest checksum verified; sha256 read back from "
                                                         "storage matches.")), **common))
            events.append(PreservationEvent(
                at=f.identified_at or now, event_type=PreservationEventType.FORMAT_IDENTIFICATION,
                outcome=EventOutcome.SUCCESS if f.identification_method != IdentificationMethod.NONE
                and not formats.is_weak(f.identification_detail) else EventOutcome.WARNING,
                agent=(formats.agent() if f.identification_method == IdentificationMethod.FIDO
                       else "file signature table"),
                detail=f"{methods[f.identification_method]}: {f.puid or '-'} {f.format_name or ''} ({f.mime}); "
                       f"{f.identification_detail}"[:2000],
                **common))
            if f.virus_checked_at:
                events.append(PreservationEvent(at=f.virus_checked_at, event_type=PreservationEventType.VIRUS_CHECK,
                                                outcome=EventOutcome.SUCCESS, agent=virus_agent or "ClamAV",
                                                detail=f.virus_check, **common))
            else:
                events.append(PreservationEvent(at=now, event_type=PreservationEventType.VIRUS_CHECK,
                                                outcome=EventOutcome.WARNING, agent="—",
                                                detail=str(_("Not scanned: no ClamAV socket is configured.")),
                                                **common))
            events.append(PreservationEvent(at=now, event_type=PreservationEventType.INGESTION,
                                            outcome=EventOutcome.SUCCESS, agent=AGENT,
                                            detail=str(_("Ingested from transfer %(id)s under act № %(number)s.")
                                                       % {"id": transfer.pk, "number": accession.number}),
                                            **common))
        PreservationEvent.objects.bulk_create(events, batch_size=1000)
        TransferFile.objects.bulk_update(files, ["digital_object"], batch_size=1000)
        package = transfer.package
        transfer.status = TransferStatus.ACCESSIONED
        transfer.accession = accession
        transfer.finished_at = now
        transfer.updated_at = now
        transfer.package = ""
        transfer.error = ""
        transfer.save(update_fields=["status", "accession", "finished_at", "updated_at", "package", "error"])
        _event(transfer, TransferStep.ACCESSION, StepOutcome.SUCCESS,
               _("Accessioned under act № %(number)s: %(units)s units, %(files)s files.")
               % {"number": accession.number, "units": len(units), "files": len(files)})
        audit(user=actor, target="transfer", target_id=transfer.pk, action="accession", accession=accession.pk)
        audit(user=actor, target="accession", target_id=accession.pk, action="create_from_transfer",
              transfer=transfer.pk, number=accession.number, package=package)
