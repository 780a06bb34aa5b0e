"""The register of audiovisual works, compulsory deposit obligations (due -> deposited | overdue)
with reminders, voluntary offers (offered -> accepted | declined), and receiving a deposit."""
from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from holdings import services as holdings
from holdings.choices import ArchiveKind, DigitalObjectRole, EventOutcome, Media, PreservationEventType
from holdings.models import Archive, PreservationEvent

from ..choices import (
    AccessionKind,
    AccessionStatus,
    Funding,
    ObligationStatus,
    OfferStatus,
    ReminderKind,
    SourceKind,
    WorkKind,
)
from ..models import (
    AudiovisualWork,
    AuditEntry,
    DepositObligation,
    DepositOffer,
    DepositReminder,
    MediaFile,
    Source,
)
from ..workflows import AccessionError, check
from .acts import link_units
from .common import accession_create_numbered, actor_or_none, audit, next_unit_numbers, target_tree

logger = logging.getLogger(__name__)

WORK_FIELDS = ["title", "kind", "funding", "state_share", "production_date", "release_date",
               "running_time_minutes", "carriers", "formats", "description"]
# A reminder goes out when an obligation falls due within this many days, then on the day it is
# overdue and every REMINDER_INTERVAL_DAYS after that until the copy is deposited.
DUE_SOON_DAYS = 14
REMINDER_INTERVAL_DAYS = 7
DEPOSIT_AGENT = "National Archive: audiovisual deposit"


# ---------------------------------------------------------------- where deposits go
def deposit_archive(producer: Source | None = None) -> Archive:
    """The archive that receives audiovisual deposits: the one named by AV_DEPOSIT_ARCHIVE_CODE;
    when that setting is empty, the first specialized, else central, state archive by code; when
    there is none, the archive the producer is registered with."""
    code = settings.AV_DEPOSIT_ARCHIVE_CODE
    if code:
        archive = Archive.objects.filter(code=code).first()
        if archive is None:
            raise AccessionError(_("The archive for audiovisual deposit (%(code)s) does not exist.") % {"code": code})
        return archive
    for kind in (ArchiveKind.SPECIALIZED, ArchiveKind.CENTRAL):
        archive = Archive.objects.filter(kind=kind).order_by("code").first()
        if archive is not None:
            return archive
    if producer is not None:
        return Archive.objects.get(pk=producer.archive_id)
    raise AccessionError(_("No archive is set up to receive audiovisual deposits."))


# ---------------------------------------------------------------- the register
def _clean_work(data: dict) -> dict:
    work = {k: v for k, v in data.items() if k in WORK_FIELDS}
    if "title" in work:
        work["title"] = " ".join((work["title"] or "").split())
        if not work["title"]:
            raise AccessionError(_("A work needs a title."))
    if "kind" in work and work["kind"] not in WorkKind.values:
        raise AccessionError(_("Unknown kind of work."))
    if "funding" in work:
        if work["funding"] not in Funding.values:
            raise AccessionError(_("Unknown funding."))
        share = work.get("state_share")
        if work["funding"] == Funding.STATE:
            work["state_share"] = Decimal(100)
        elif work["funding"] == Funding.PRIVATE:
            work["state_share"] = None
        elif share is None or not (Decimal(0) < Decimal(share) < Decimal(100)):
            raise AccessionError(_("Give the state share of a mixed-funded work: more than 0 and less than 100 %."))
    if work.get("production_date") and work.get("release_date") and work["production_date"] > work["release_date"]:
        raise AccessionError(_("The release date is before the production date."))
    return work


def _owes_deposit(work: AudiovisualWork) -> bool:
    return work.funding in (Funding.STATE, Funding.MIXED)


def due_date_for(release_date: dt.date) -> dt.date:
    return release_date + dt.timedelta(days=settings.AV_DEPOSIT_DUE_DAYS)


def work_register(*, actor, producer: Source, title: str, kind: str, funding: str, **data) -> AudiovisualWork:
    """Adds a work to the register; a state-funded or mixed work with a release date gets its
    deposit obligation in the same transaction."""
    if not producer.active:
        raise AccessionError(_("The producer's record is inactive."))
    fields = _clean_work({"title": title, "kind": kind, "funding": funding, **data})
    with transaction.atomic():
        work = AudiovisualWork.objects.create(producer=producer, created_by=actor_or_none(actor), **fields)
        audit(user=actor, target="work", target_id=work.pk, action="register", title=work.title,
              funding=work.funding)
        deposit_obligation_ensure(actor=actor, work=work)
    return work


def work_update(*, actor, work: AudiovisualWork, **data) -> AudiovisualWork:
    """Edits a work. Once a deposit is owed, its funding cannot become private; once the obligation
    is overdue or met, its release date is fixed. A moved release date moves the due date."""
    with transaction.atomic():
        work = AudiovisualWork.objects.select_for_update().get(pk=work.pk)
        merged = {name: getattr(work, name) for name in WORK_FIELDS}
        merged.update({k: v for k, v in data.items() if k in WORK_FIELDS})
        fields = _clean_work(merged)
        obligation = DepositObligation.objects.select_for_update().filter(work=work).first()
        offer = DepositOffer.objects.filter(work=work).first()
        if obligation is not None and fields["funding"] == Funding.PRIVATE:
            raise AccessionError(_("A deposit is already owed for this work: its funding cannot become private."))
        if offer is not None and fields["funding"] != Funding.PRIVATE:
            raise AccessionError(_("This work was offered as a voluntary deposit: its funding cannot change."))
        if (obligation is not None and obligation.status != ObligationStatus.DUE
                and fields["release_date"] != work.release_date):
            raise AccessionError(_("The obligation is already overdue or met: the release date cannot change."))
        changes = {k: [str(getattr(work, k)), str(v)] for k, v in fields.items() if getattr(work, k) != v}
        if not changes:
            return work
        for name, value in fields.items():
            setattr(work, name, value)
        work.save()
        audit(user=actor, target="work", target_id=work.pk, action="update", changes=changes)
        if obligation is not None and work.release_date and obligation.due_date != due_date_for(work.release_date):
            old = obligation.due_date
            obligation.due_date = due_date_for(work.release_date)
            obligation.save(update_fields=["due_date"])
            audit(user=actor, target="obligation", target_id=obligation.pk, action="move_due_date",
                  old=old, new=obligation.due_date)
        deposit_obligation_ensure(actor=actor, work=work)
    return work


def deposit_obligation_ensure(*, actor, work: AudiovisualWork) -> DepositObligation | None:
    """The automatic rule: a state-funded or mixed work whose release date is known owes one copy,
    due AV_DEPOSIT_DUE_DAYS (90) after release, to the archive for audiovisual deposit."""
    if not _owes_deposit(work) or work.release_date is None:
        return None
    existing = DepositObligation.objects.filter(work=work).first()
    if existing is not None:
        return existing
    producer = Source.objects.get(pk=work.producer_id)
    today = timezone.localdate()
    with transaction.atomic():
        obligation = DepositObligation.objects.create(work=work, archive=deposit_archive(producer),
                                                      due_date=due_date_for(work.release_date))
        audit(user=actor, target="obligation", target_id=obligation.pk, action="create", work=work.pk,
              due_date=obligation.due_date, archive=obligation.archive_id)
        if obligation.due_date < today:
            # Registered after its date: overdue at once (the daily job sends the reminders).
            check("obligation", obligation.status, ObligationStatus.OVERDUE)
            obligation.status, obligation.overdue_since = ObligationStatus.OVERDUE, today
            obligation.save(update_fields=["status", "overdue_since"])
            audit(user=actor, target="obligation", target_id=obligation.pk, action="overdue", on=today)
    return obligation


# ---------------------------------------------------------------- overdue and reminders
def obligations_mark_overdue(*, today: dt.date | None = None) -> dict:
    """The daily job: due obligations past their date become overdue; reminders go to the
    producer's contact and the archive. Idempotent: at most one reminder per obligation per day
    (a unique row claims the day before any e-mail is queued)."""
    today = today or timezone.localdate()
    check("obligation", ObligationStatus.DUE, ObligationStatus.OVERDUE)
    with transaction.atomic():
        late = list(DepositObligation.objects.select_for_update()
                    .filter(status=ObligationStatus.DUE, due_date__lt=today).values_list("id", flat=True))
        if late:
            DepositObligation.objects.filter(pk__in=late).update(status=ObligationStatus.OVERDUE, overdue_since=today)
            AuditEntry.objects.bulk_create([AuditEntry(target="obligation", target_id=pk, action="overdue",
                                                       detail={"on": today.isoformat()}) for pk in late])
    candidates = (DepositObligation.objects
                  .filter(Q(status=ObligationStatus.OVERDUE)
                          | Q(status=ObligationStatus.DUE, due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS)))
                  .annotate(last_reminder=Max("reminders__sent_on"))
                  .select_related("work__producer", "archive"))
    sent = 0
    for obligation in candidates:
        if obligation.status == ObligationStatus.DUE:
            if obligation.last_reminder is not None:
                continue  # the one "due soon" reminder already went out
            kind = ReminderKind.DUE_SOON
        else:
            last = obligation.last_reminder
            if last is not None and (today - last).days < REMINDER_INTERVAL_DAYS and \
                    (obligation.overdue_since is None or last >= obligation.overdue_since):
                continue
            kind = ReminderKind.OVERDUE
        if _remind(obligation, kind, today):
            sent += 1
    return {"overdue": len(late), "reminders": sent}


def _remind(obligation: DepositObligation, kind: str, today: dt.date) -> bool:
    from ..notifications import deposit_reminder_recipients, send_deposit_reminder

    recipients = deposit_reminder_recipients(obligation)
    try:
        with transaction.atomic():
            DepositReminder.objects.create(obligation=obligation, sent_on=today, kind=kind,
                                           recipients=", ".join(r.email for r in recipients))
            transaction.on_commit(lambda: send_deposit_reminder(obligation.pk, kind, recipients))
    except IntegrityError:
        return False  # already reminded today (another run of the job)
    return True


# ---------------------------------------------------------------- voluntary offers
def deposit_offer_create(*, actor, work: AudiovisualWork, archive: Archive | None = None,
                         note: str = "") -> DepositOffer:
    """The producer offers a privately funded work for voluntary deposit."""
    if work.funding != Funding.PRIVATE:
        raise AccessionError(_("Only privately funded works are offered; state-funded ones owe a deposit."))
    with transaction.atomic():
        if DepositOffer.objects.filter(work=work).exists():
            raise AccessionError(_("This work has already been offered."))
        offer = DepositOffer.objects.create(work=work, archive=archive or deposit_archive(work.producer),
                                            note=note.strip(), created_by=actor_or_none(actor))
        audit(user=actor, target="offer", target_id=offer.pk, action="create", work=work.pk)
    return offer


def deposit_offer_accept(*, actor, offer: DepositOffer) -> DepositOffer:
    with transaction.atomic():
        offer = DepositOffer.objects.select_for_update().get(pk=offer.pk)
        check("offer", offer.status, OfferStatus.ACCEPTED)
        offer.status = OfferStatus.ACCEPTED
        offer.decided_at = timezone.now()
        offer.decided_by = actor_or_none(actor)
        offer.save(update_fields=["status", "decided_at", "decided_by"])
        audit(user=actor, target="offer", target_id=offer.pk, action="accept")
    return offer


def deposit_offer_decline(*, actor, offer: DepositOffer, reason: str) -> DepositOffer:
    reason = (reason or "").strip()
    if not reason:
        raise AccessionError(_("Give the reason for declining the offer."))
    with transaction.atomic():
        offer = DepositOffer.objects.select_for_update().get(pk=offer.pk)
        check("offer", offer.status, OfferStatus.DECLINED)
        offer.status = OfferStatus.DECLINED
        offer.decided_at = timezone.now()
        offer.decided_by = actor_or_none(actor)
        offer.decline_reason = reason
        offer.save(update_fields=["status", "decided_at", "decided_by", "decline_reason"])
        audit(user=actor, target="offer", target_id=offer.pk, action="decline", reason=reason)
    return offer


# ---------------------------------------------------------------- receiving a deposit
def deposit_receive(*, actor, work: AudiovisualWork, files: list, fonds_number: str, inventory_number: str,
                    fonds_title: str = "", inventory_title: str = "", unit_per_file: bool = False,
                    condition_notes: str = ""):
    """Records the deposited copy of a work: the accession (act), the audiovisual unit(s) with the
    files as masters, the obligation met (or the accepted offer fulfilled). All or nothing: files
    already written are deleted again if anything fails. Technical metadata, the access copy and
    the poster frame follow in a Celery task; the receipt goes to the producer after commit."""
    if not files:
        raise AccessionError(_("Attach the deposited files."))
    stored: list[str] = []
    try:
        with transaction.atomic():
            work = AudiovisualWork.objects.select_related("producer").get(pk=work.pk)
            obligation = DepositObligation.objects.select_for_update().filter(work=work).first()
            offer = DepositOffer.objects.select_for_update().filter(work=work).first()
            if obligation is not None:
                check("obligation", obligation.status, ObligationStatus.DEPOSITED)
                kind, archive_id = AccessionKind.COMPULSORY_DEPOSIT, obligation.archive_id
            elif offer is not None and offer.status == OfferStatus.ACCEPTED and offer.accession_id is None:
                kind, archive_id = AccessionKind.VOLUNTARY_DEPOSIT, offer.archive_id
            elif offer is not None and offer.accession_id is not None:
                raise AccessionError(_("The offered copy has already been received."))
            else:
                raise AccessionError(_("This work owes no deposit and has no accepted offer."))
            archive = Archive.objects.get(pk=archive_id)
            source = _deposit_source(actor=actor, archive=archive, producer=work.producer)
            now = timezone.now()
            accession = accession_create_numbered(
                archive=archive, source=source, kind=kind, date=timezone.localdate(),
                description=_("Deposited copy of “%(title)s” (%(kind)s).") % {"title": work.title,
                                                                                "kind": work.get_kind_display()},
                extent_units=1 if not unit_per_file else len(files), extent_note=work.carriers,
                condition_notes=condition_notes, created_by=actor_or_none(actor))
            audit(user=actor, target="accession", target_id=accession.pk, action="create", number=accession.number,
                  work=work.pk)
            check("accession", accession.status, AccessionStatus.RECEIVED)
            accession.status, accession.received_at, accession.received_by = (
                AccessionStatus.RECEIVED, now, actor_or_none(actor))
            fonds, inventory = target_tree(actor=actor, archive=archive, fonds_number=fonds_number,
                                           fonds_title=fonds_title or work.producer.name,
                                           inventory_number=inventory_number, inventory_title=inventory_title)
            units = _deposit_units(actor=actor, work=work, inventory=inventory, files=files,
                                   unit_per_file=unit_per_file)
            link_units(accession, [u for u, _f in units])
            media_files = []
            for unit, unit_files in units:
                for order, upload in enumerate(unit_files, start=1):
                    obj = holdings.digital_object_add(actor=actor, unit=unit, file=upload,
                                                      role=DigitalObjectRole.MASTER, page_order=order,
                                                      original_name=upload.name, make_derivatives=False)
                    stored.append(obj.file.name)
                    media_files.append(MediaFile(accession=accession, digital_object=obj))
                    PreservationEvent.objects.create(
                        event_type=PreservationEventType.INGESTION, outcome=EventOutcome.SUCCESS, unit=unit,
                        digital_object=obj, object_name=obj.original_name, object_sha256=obj.sha256,
                        agent=DEPOSIT_AGENT, user=actor_or_none(actor), source=f"accession:{accession.pk}",
                        detail=_("Deposited copy received under act № %(number)s.") % {"number": accession.number})
            MediaFile.objects.bulk_create(media_files)
            check("accession", accession.status, AccessionStatus.PROCESSED)
            accession.status, accession.processed_at, accession.processed_by = (
                AccessionStatus.PROCESSED, now, actor_or_none(actor))
            accession.fonds, accession.inventory, accession.unit_count = fonds, inventory, len(units)
            accession.save()
            if obligation is not None:
                obligation.status = ObligationStatus.DEPOSITED
                obligation.accession = accession
                obligation.deposited_at = now
                obligation.deposited_by = actor_or_none(actor)
                obligation.save(update_fields=["status", "accession", "deposited_at", "deposited_by"])
                audit(user=actor, target="obligation", target_id=obligation.pk, action="deposited",
                      accession=accession.pk)
            else:
                offer.accession = accession
                offer.save(update_fields=["accession"])
                audit(user=actor, target="offer", target_id=offer.pk, action="received", accession=accession.pk)
            audit(user=actor, target="accession", target_id=accession.pk, action="process", units=len(units),
                  fonds=fonds.number, inventory=inventory.number)
            accession_id = accession.pk
            transaction.on_commit(lambda: _after_deposit(accession_id))
    except holdings.HoldingsError as exc:
        _delete_stored(stored)
        raise AccessionError(str(exc)) from exc
    except Exception:
        _delete_stored(stored)
        raise
    return accession


def _delete_stored(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


def _deposit_source(*, actor, archive: Archive, producer: Source) -> Source:
    """The producer as a source of the receiving archive (registered there on first deposit)."""
    if producer.archive_id == archive.pk:
        return producer
    if producer.bin:
        existing = Source.objects.filter(archive=archive, bin=producer.bin).first()
        if existing is not None:
            return existing
    source = Source.objects.create(
        archive=archive, name=producer.name, bin=producer.bin, kind=producer.kind or SourceKind.PRODUCER,
        contact_person=producer.contact_person, contact_email=producer.contact_email,
        contact_phone=producer.contact_phone, language=producer.language, created_by=actor_or_none(actor))
    audit(user=actor, target="source", target_id=source.pk, action="create", name=source.name,
          copied_from=producer.pk)
    return source


def _deposit_units(*, actor, work: AudiovisualWork, inventory, files: list, unit_per_file: bool) -> list:
    media = Media.SOUND if work.kind == WorkKind.SOUND else Media.AUDIOVISUAL
    start = work.production_date or work.release_date
    end = work.release_date or work.production_date
    groups = [[f] for f in files] if unit_per_file and len(files) > 1 else [list(files)]
    numbers = next_unit_numbers(inventory, len(groups))
    rows = []
    for n, (number, _group) in enumerate(zip(numbers, groups, strict=True), start=1):
        title = work.title if len(groups) == 1 else _("%(title)s. Part %(n)s") % {"title": work.title, "n": n}
        duration = work.running_time_minutes * 60 if work.running_time_minutes and len(groups) == 1 else None
        rows.append(holdings.UnitData(number=number, title=title, date_start=start, date_end=end, media=media,
                                      duration_seconds=duration, annotation=work.description))
    units = holdings.units_create(actor=actor, inventory=inventory, rows=rows, action="deposit")
    return list(zip(units, groups, strict=True))


def _after_deposit(accession_id: int) -> None:
    from ..notifications import send_deposit_receipt
    from ..tasks import deposit_media_process_task

    deposit_media_process_task.delay(accession_id)
    send_deposit_receipt(accession_id)


def deposit_media_process(*, accession_id: int) -> dict:
    """Technical metadata (ffprobe or MediaInfo) and an access copy and poster frame (ffmpeg) for
    every pending file of a deposit; what the tools on this machine cannot do is recorded as skipped."""
    from ..media import process_media_file

    done = {}
    for media_file in MediaFile.objects.filter(accession_id=accession_id).select_related(
            "digital_object__unit").order_by("id"):
        done[media_file.pk] = process_media_file(media_file)
    return done
