"""Requests: creation by a citizen (four kinds), the state machine, and the staff's bookkeeping
(assignment, notes, fee and payment, identity check)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from holdings import access
from holdings.choices import AccessLevel, Media
from holdings.models import Archive, Unit

from .. import deadlines
from ..choices import (
    OPEN_STATUSES,
    AccessGround,
    CertificateKind,
    CertificateLanguage,
    CopyKind,
    DeliveryMethod,
    EventAction,
    FeeService,
    RequestKind,
    RequestStatus,
)
from ..codes import parse_sheets, unit_code
from ..models import PriceListItem, Request, RequestAttachment, RequestItem
from .common import RequestError, actor_or_none, delete_files, ensure_staff, handles_requests, record

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ITEMS = 50
VISIT_DAYS_AHEAD = 90
# Accepted attachment types, recognised by their first bytes (the name and the browser may lie).
SIGNATURES = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


@dataclass(frozen=True)
class ItemData:
    """A unit named in a request, whole (sheets empty) or some sheets of it."""

    unit: Unit
    sheets: str = ""


# ---------------------------------------------------------------- the state machine, in one place
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "take": (frozenset({RequestStatus.SUBMITTED}), RequestStatus.IN_PROGRESS),
    "complete": (frozenset({RequestStatus.IN_PROGRESS}), RequestStatus.READY),
    "refuse": (frozenset({RequestStatus.SUBMITTED, RequestStatus.IN_PROGRESS}), RequestStatus.REFUSED),
}


def _not_allowed_message(name: str, status: str) -> str:
    label = RequestStatus(status).label
    if name == "take":
        return _("Only a submitted request can be taken into work; this one is “%(status)s”.") % {"status": label}
    if name == "complete":
        return _("Only a request in progress can be marked ready; this one is “%(status)s”.") % {"status": label}
    return _("A request that is “%(status)s” can no longer be refused.") % {"status": label}


def allowed_transitions(request: Request) -> list[str]:
    return [name for name, (sources, _target) in TRANSITIONS.items() if request.status in sources]


def check_transition(request: Request, name: str) -> str:
    sources, target = TRANSITIONS[name]
    if request.status not in sources:
        raise RequestError(_not_allowed_message(name, request.status))
    return target


def transition(request: Request, name: str, *, actor, action: str, note: str = "",
               data: dict | None = None) -> Request:
    """Moves a locked request along one allowed transition and writes the history line."""
    target = check_transition(request, name)
    previous = request.status
    request.status = target
    fields = ["status"]
    if target in (RequestStatus.READY, RequestStatus.REFUSED):
        request.closed_at = timezone.now()
        fields.append("closed_at")
    request.save(update_fields=fields)
    record(request=request, actor=actor, action=action, note=note, from_status=previous, to_status=target,
           data=data)
    return request


def lock(request: Request) -> Request:
    return Request.objects.select_for_update().select_related("archive", "requester").get(pk=request.pk)


# ---------------------------------------------------------------- fees
def item_pages(item: ItemData) -> int:
    sheets = parse_sheets(item.sheets)
    return len(sheets) or item.unit.extent_sheets or item.unit.digital_count or 1


def compute_fee(*, archive_id: int, kind: str, copy_kind: str = "", certificate_kind: str = "",
                items: Sequence[ItemData] = ()) -> Decimal:
    """The fee from the archive's price list; a service missing from the list is free."""
    if kind == RequestKind.COPY:
        service = FeeService.ELECTRONIC_COPY_PAGE if copy_kind == CopyKind.ELECTRONIC else FeeService.PAPER_COPY_PAGE
        quantity = sum(item_pages(i) for i in items)
    elif kind == RequestKind.CERTIFICATE and certificate_kind == CertificateKind.ARCHIVAL_COPY:
        service, quantity = FeeService.ARCHIVAL_COPY, 1
    elif kind == RequestKind.CERTIFICATE and certificate_kind == CertificateKind.ARCHIVAL_EXTRACT:
        service, quantity = FeeService.ARCHIVAL_EXTRACT, 1
    else:
        return Decimal("0")
    price = PriceListItem.objects.filter(archive_id=archive_id, service=service, active=True).values_list(
        "price", flat=True).first()
    return (price or Decimal("0")) * quantity


# ---------------------------------------------------------------- validation of what a citizen names
def _check_items(actor, kind: str, items: Sequence[ItemData], *, copy_kind: str = "") -> int | None:
    """Checks the units against the access rule and the request kind; returns their archive id."""
    if len(items) > MAX_ITEMS:
        raise RequestError(_("A request can name at most %(n)d units.") % {"n": MAX_ITEMS})
    if len({i.unit.pk for i in items}) != len(items):
        raise RequestError(_("The same unit is named twice."))
    archive_ids = {i.unit.archive_id for i in items}
    if len(archive_ids) > 1:
        raise RequestError(_("All units of one request must belong to one archive; send one request per archive."))
    visible = set(Unit.objects.filter(pk__in=[i.unit.pk for i in items]).visible_to(actor).values_list("pk", flat=True))
    for item in items:
        unit = item.unit
        code = unit_code(unit)
        if unit.pk not in visible:
            raise RequestError(_("Unit %(code)s was not found.") % {"code": code})
        try:
            sheets = parse_sheets(item.sheets)
        except ValueError as exc:
            raise RequestError(f"{code}: {exc}") from exc
        if sheets and unit.extent_sheets and sheets[-1] > unit.extent_sheets:
            raise RequestError(_("Unit %(code)s has %(n)d sheets.") % {"code": code, "n": unit.extent_sheets})
        level = access.effective_level(unit)
        full = access.has_full_access(actor, unit)
        if kind == RequestKind.COPY:
            if level in (AccessLevel.RESTRICTED, AccessLevel.CLOSED) and not full:
                raise RequestError(_("Unit %(code)s is restricted: ask for access to it first.") % {"code": code})
            if copy_kind == CopyKind.PAPER and unit.media != Media.ELECTRONIC:
                raise RequestError(_("Unit %(code)s is not an electronic document; order an electronic copy of it.")
                                   % {"code": code})
            if copy_kind == CopyKind.ELECTRONIC and unit.media == Media.ELECTRONIC:
                raise RequestError(_("Unit %(code)s is an electronic document; order a paper copy of it.")
                                   % {"code": code})
        elif kind == RequestKind.VISIT:
            if not full:
                raise RequestError(_("Unit %(code)s is not open to you: ask for access to it first.") % {"code": code})
        elif kind == RequestKind.ACCESS:
            if level == AccessLevel.OPEN:
                raise RequestError(_("Unit %(code)s is open to everyone; no request is needed.") % {"code": code})
            if full:
                raise RequestError(_("You already have access to unit %(code)s.") % {"code": code})
    return archive_ids.pop() if archive_ids else None


def _check_attachments(files: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    if len(files) > MAX_ATTACHMENTS:
        raise RequestError(_("Attach at most %(n)d files.") % {"n": MAX_ATTACHMENTS})
    checked = []
    for f in files:
        if f.size > MAX_ATTACHMENT_BYTES:
            raise RequestError(_("%(name)s is larger than 10 MB.") % {"name": f.name})
        f.seek(0)
        head = f.read(8)
        f.seek(0)
        content_type = next((t for sig, t in SIGNATURES.items() if head.startswith(sig)), None)
        if content_type is None:
            raise RequestError(_("%(name)s is not a PDF, JPEG or PNG file.") % {"name": f.name})
        checked.append((f, content_type))
    return checked


def _ensure_citizen(actor) -> None:
    if actor is None or not actor.is_authenticated:
        raise RequestError(_("Log in to send a request."))


def _create(*, actor, kind: str, archive: Archive, items: Sequence[ItemData], attachments=(), **fields) -> Request:
    checked = _check_attachments(attachments)
    stored: list[str] = []
    try:
        with transaction.atomic():
            if kind == RequestKind.VISIT:
                _check_visit_capacity(archive, fields["visit_date"])
                due = fields["visit_date"]
            else:
                due = deadlines.due_date(timezone.localdate(), deadlines.term_for(kind))
            fee = compute_fee(archive_id=archive.pk, kind=kind, copy_kind=fields.get("copy_kind", ""),
                              certificate_kind=fields.get("certificate_kind", ""), items=items)
            request = Request.objects.create(kind=kind, archive=archive, requester=actor, due_date=due, fee=fee,
                                             **fields)
            RequestItem.objects.bulk_create([RequestItem(request=request, unit=i.unit, sheets=i.sheets)
                                             for i in items])
            for f, content_type in checked:
                name = (f.name or "attachment").rsplit("/", 1)[-1][:200]
                attachment = RequestAttachment(request=request, original_name=name, size=f.size,
                                               content_type=content_type)
                attachment.file.save(name, f, save=False)
                stored.append(attachment.file.name)
                attachment.save()
            record(request=request, actor=actor, action=EventAction.SUBMITTED, to_status=RequestStatus.SUBMITTED)
    except Exception:
        delete_files(stored)
        raise
    return request


def _check_visit_capacity(archive: Archive, day: dt.date) -> None:
    # The archive row serializes bookings of one archive, so two last places are never both given.
    Archive.objects.select_for_update().filter(pk=archive.pk).first()
    booked = Request.objects.filter(archive=archive, kind=RequestKind.VISIT, visit_date=day).exclude(
        status=RequestStatus.REFUSED).count()
    if booked >= settings.READINGROOM_VISITS_PER_DAY:
        raise RequestError(_("The reading room is fully booked on %(date)s; choose another day.")
                           % {"date": day.strftime("%d.%m.%Y")})


# ---------------------------------------------------------------- the four kinds
def copy_request_create(*, actor, items: Sequence[ItemData], copy_kind: str, delivery: str = DeliveryMethod.DOWNLOAD,
                        data_subject_claim: bool = False, message: str = "", phone: str = "") -> Request:
    """Orders an electronic copy of paper units or a paper copy of electronic ones, whole or by sheets."""
    _ensure_citizen(actor)
    if copy_kind not in CopyKind.values or delivery not in DeliveryMethod.values:
        raise RequestError(_("Choose the kind of copy and how to receive it."))
    if not items:
        raise RequestError(_("Name at least one unit to copy."))
    archive_id = _check_items(actor, RequestKind.COPY, items, copy_kind=copy_kind)
    if copy_kind == CopyKind.PAPER and delivery == DeliveryMethod.DOWNLOAD:
        raise RequestError(_("A paper copy is picked up at the reading room."))
    return _create(actor=actor, kind=RequestKind.COPY, archive=Archive.objects.get(pk=archive_id), items=items,
                   copy_kind=copy_kind, delivery=delivery, data_subject_claim=data_subject_claim,
                   message=message.strip(), phone=phone.strip())


def certificate_request_create(*, actor, archive: Archive, certificate_kind: str, certificate_language: str,
                               person_name: str, organization: str = "", year_from: int | None = None,
                               year_to: int | None = None, position: str = "", message: str = "",
                               delivery: str = DeliveryMethod.DOWNLOAD, phone: str = "",
                               items: Sequence[ItemData] = (), attachments: Sequence[UploadedFile] = ()) -> Request:
    """Asks for an archival certificate (work record, salary, awards...) or an archival copy or extract."""
    _ensure_citizen(actor)
    if certificate_kind not in CertificateKind.values:
        raise RequestError(_("Choose the kind of certificate."))
    if certificate_language not in CertificateLanguage.values:
        raise RequestError(_("Choose the language of the certificate."))
    if delivery not in DeliveryMethod.values:
        raise RequestError(_("Choose how to receive the result."))
    if not person_name.strip():
        raise RequestError(_("Give the full name under which the person appears in the records."))
    if certificate_kind in (CertificateKind.WORK_RECORD, CertificateKind.SALARY) and not organization.strip():
        raise RequestError(_("Name the organization where the person worked."))
    this_year = timezone.localdate().year
    for year in (year_from, year_to):
        if year is not None and not 1800 <= year <= this_year:
            raise RequestError(_("Years must be between 1800 and %(year)d.") % {"year": this_year})
    if year_from and year_to and year_from > year_to:
        raise RequestError(_("The first year is after the last year."))
    if items:
        archive_id = _check_items(actor, RequestKind.CERTIFICATE, items)
        if archive_id != archive.pk:
            raise RequestError(_("The units named belong to another archive."))
    return _create(actor=actor, kind=RequestKind.CERTIFICATE, archive=archive, items=items, attachments=attachments,
                   certificate_kind=certificate_kind, certificate_language=certificate_language,
                   person_name=person_name.strip(), organization=organization.strip(), year_from=year_from,
                   year_to=year_to, position=position.strip(), message=message.strip(), delivery=delivery,
                   phone=phone.strip())


def visit_request_create(*, actor, visit_date: dt.date, items: Sequence[ItemData], message: str = "",
                         phone: str = "") -> Request:
    """Books a reading-room visit on a working day and has the named units brought from storage."""
    _ensure_citizen(actor)
    if not items:
        raise RequestError(_("Name the units to be brought from storage."))
    today = timezone.localdate()
    if visit_date <= today:
        raise RequestError(_("Book a visit from tomorrow on."))
    if visit_date > today + dt.timedelta(days=VISIT_DAYS_AHEAD):
        raise RequestError(_("Visits can be booked at most %(n)d days ahead.") % {"n": VISIT_DAYS_AHEAD})
    if not deadlines.is_working_day(visit_date):
        raise RequestError(_("The reading room is closed on %(date)s; choose a working day.")
                           % {"date": visit_date.strftime("%d.%m.%Y")})
    archive_id = _check_items(actor, RequestKind.VISIT, items)
    return _create(actor=actor, kind=RequestKind.VISIT, archive=Archive.objects.get(pk=archive_id), items=items,
                   visit_date=visit_date, message=message.strip(), phone=phone.strip(),
                   delivery=DeliveryMethod.PICKUP)


def access_request_create(*, actor, items: Sequence[ItemData], ground: str, purpose: str = "",
                          attachments: Sequence[UploadedFile] = (), phone: str = "") -> Request:
    """Asks for the full record of personal or restricted units, on a stated ground."""
    _ensure_citizen(actor)
    if ground not in AccessGround.values:
        raise RequestError(_("Choose the ground of your request."))
    if not items:
        raise RequestError(_("Name the units you ask access to."))
    if ground == AccessGround.RESEARCH and not purpose.strip():
        raise RequestError(_("Describe the research purpose."))
    if ground in (AccessGround.HEIR, AccessGround.CONSENT) and not attachments:
        raise RequestError(_("Attach the document that proves the ground (certificate of inheritance or the "
                             "written consent)."))
    archive_id = _check_items(actor, RequestKind.ACCESS, items)
    return _create(actor=actor, kind=RequestKind.ACCESS, archive=Archive.objects.get(pk=archive_id), items=items,
                   attachments=attachments, ground=ground, purpose=purpose.strip(), phone=phone.strip(),
                   delivery=DeliveryMethod.DOWNLOAD)


# ---------------------------------------------------------------- transitions
def request_take(*, actor, request: Request) -> Request:
    """submitted -> in progress; the request is assigned to the actor unless someone has it."""
    ensure_staff(actor, request)
    with transaction.atomic():
        request = lock(request)
        transition(request, "take", actor=actor, action=EventAction.TAKEN)
        if request.assigned_to_id is None:
            request.assigned_to = actor
            request.save(update_fields=["assigned_to"])
    return request


def request_complete(*, actor, request: Request, note: str = "") -> Request:
    """in progress -> ready, once what the kind needs is there (files, a certificate, payment)."""
    ensure_staff(actor, request)
    with transaction.atomic():
        request = lock(request)
        check_transition(request, "complete")
        if request.fee_due:
            raise RequestError(_("The fee of %(fee)s tenge is not paid yet: record the payment first.")
                               % {"fee": request.fee})
        if request.kind == RequestKind.ACCESS:
            raise RequestError(_("An access request is completed by granting access (or refused)."))
        if request.kind == RequestKind.CERTIFICATE and not hasattr_certificate(request):
            raise RequestError(_("Issue the certificate first."))
        if (request.kind == RequestKind.COPY and request.delivery == DeliveryMethod.DOWNLOAD
                and not request.deliveries.exists()):
            raise RequestError(_("Produce the files first."))
        if request.kind == RequestKind.COPY:
            from .deliveries import units_awaiting_redaction

            waiting = units_awaiting_redaction(request)
            if waiting:
                raise RequestError(_("%(codes)s: personal data, the copy goes out redacted only. Mark the regions "
                                     "and produce the files first; a paper copy is printed from them.")
                                   % {"codes": "; ".join(waiting)})
        transition(request, "complete", actor=actor, action=EventAction.READY, note=note.strip())
    return request


def hasattr_certificate(request: Request) -> bool:
    from ..models import Certificate

    return Certificate.objects.filter(request=request).exists()


def request_refuse(*, actor, request: Request, reason: str) -> Request:
    """submitted or in progress -> refused, always with the reason the citizen will read."""
    ensure_staff(actor, request)
    reason = (reason or "").strip()
    if not reason:
        raise RequestError(_("Give the reason for the refusal."))
    with transaction.atomic():
        request = lock(request)
        check_transition(request, "refuse")
        request.refusal_reason = reason
        request.save(update_fields=["refusal_reason"])
        transition(request, "refuse", actor=actor, action=EventAction.REFUSED, note=reason)
    return request


# ---------------------------------------------------------------- staff bookkeeping
def _ensure_open(request: Request) -> None:
    if request.status not in OPEN_STATUSES:
        raise RequestError(_("The request is closed."))


def request_assign(*, actor, request: Request, assignee) -> Request:
    ensure_staff(actor, request)
    if assignee is not None and not handles_requests(assignee, request.archive_id):
        raise RequestError(_("%(name)s does not answer requests of this archive.") % {"name": assignee.display_name})
    with transaction.atomic():
        request = lock(request)
        _ensure_open(request)
        request.assigned_to = assignee
        request.save(update_fields=["assigned_to"])
        record(request=request, actor=actor, action=EventAction.ASSIGNED, public=False,
               note=assignee.display_name if assignee else "")
    return request


def request_add_note(*, actor, request: Request, note: str) -> Request:
    """An internal note of the staff; the citizen does not see it."""
    ensure_staff(actor, request)
    note = (note or "").strip()
    if not note:
        raise RequestError(_("The note is empty."))
    with transaction.atomic():
        request = lock(request)
        record(request=request, actor=actor, action=EventAction.NOTE, note=note[:5000], public=False)
    return request


def request_set_fee(*, actor, request: Request, fee: Decimal, note: str = "") -> Request:
    ensure_staff(actor, request)
    if fee < 0:
        raise RequestError(_("The fee cannot be negative."))
    with transaction.atomic():
        request = lock(request)
        _ensure_open(request)
        if request.paid_at is not None:
            raise RequestError(_("The fee is already paid; it cannot be changed."))
        request.fee = fee
        request.save(update_fields=["fee"])
        record(request=request, actor=actor, action=EventAction.FEE, note=note.strip(), data={"fee": str(fee)})
    return request


def request_record_payment(*, actor, request: Request, reference: str) -> Request:
    """Staff record that the fee was paid (receipt or bank reference); there is no payment gateway."""
    ensure_staff(actor, request)
    reference = (reference or "").strip()
    if not reference:
        raise RequestError(_("Give the receipt or payment reference."))
    with transaction.atomic():
        request = lock(request)
        _ensure_open(request)
        if request.fee <= 0:
            raise RequestError(_("This request has no fee."))
        if request.paid_at is not None:
            raise RequestError(_("The payment is already recorded."))
        request.paid_at = timezone.now()
        request.paid_recorded_by = actor_or_none(actor)
        request.payment_reference = reference[:200]
        request.save(update_fields=["paid_at", "paid_recorded_by", "payment_reference"])
        record(request=request, actor=actor, action=EventAction.PAYMENT, note=reference[:200])
    return request


def request_verify_identity(*, actor, request: Request, document: str) -> Request:
    """Records that staff checked the requester's identity document (type and number as seen)."""
    ensure_staff(actor, request)
    document = (document or "").strip()
    if not document:
        raise RequestError(_("Name the identity document that was checked."))
    with transaction.atomic():
        request = lock(request)
        _ensure_open(request)
        request.identity_verified_at = timezone.now()
        request.identity_verified_by = actor_or_none(actor)
        request.identity_document = document[:200]
        request.save(update_fields=["identity_verified_at", "identity_verified_by", "identity_document"])
        record(request=request, actor=actor, action=EventAction.IDENTITY, note=document[:200], public=False)
    return request
