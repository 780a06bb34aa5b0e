"""The answers: copies produced from the unit's pages (watermarked, redacted where needed),
certificates written from a template, access grants; redaction regions; downloads."""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from holdings import access
from holdings.choices import AccessAction, AccessLevel, StaffRole
from holdings.models import Archive, DigitalObject, Unit

from .. import imaging, pages
from ..certificates import CertificateText, new_verification_code, render_pdf
from ..choices import AccessGround, DeliveryKind, EventAction, RequestKind, RequestStatus
from ..codes import parse_sheets, unit_code
from ..models import Certificate, Delivery, RedactionRegion, Request
from .common import RequestError, actor_or_none, delete_files, delete_files_on_commit, ensure_staff, record
from .requests import ItemData, check_transition, lock, transition

MAX_GRANT_DAYS = 5 * 366


def link_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=settings.DELIVERY_LINK_DAYS)


# ---------------------------------------------------------------- who needs a redacted copy
def personal_data_protected(unit: Unit) -> bool:
    """The unit holds personal data still under protection (its restriction has not lapsed)."""
    level = access.effective_level(unit)
    return level == AccessLevel.PERSONAL or (unit.contains_personal_data and level != AccessLevel.OPEN)


def is_verified_data_subject(request: Request) -> bool:
    """The requester said the records are about them, and staff checked their identity."""
    claims = request.data_subject_claim or request.ground == AccessGround.DATA_SUBJECT
    return claims and request.identity_verified


def needs_redaction(request: Request, unit: Unit) -> bool:
    return personal_data_protected(unit) and not is_verified_data_subject(request)


def watermark_text(request: Request, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    return f"{request.requester.display_name} · {today:%d.%m.%Y} · № {request.number}"


def active_regions(page_ids: Sequence[int]) -> dict[int, list[RedactionRegion]]:
    out: dict[int, list[RedactionRegion]] = {}
    for region in RedactionRegion.objects.filter(page_id__in=list(page_ids), removed_at__isnull=True):
        out.setdefault(region.page_id, []).append(region)
    return out


def _box(region: RedactionRegion) -> imaging.Box:
    return imaging.Box(region.x, region.y, region.width, region.height)


# ---------------------------------------------------------------- copies
def copy_request_produce(*, actor, request: Request) -> list[Delivery]:
    """Makes the delivered page images of a copy order from the units' pages: watermarked with the
    requester and date; for personal data going to anyone but the verified data subject, the marked
    regions burned in black. Refuses such a unit when none of its delivered pages has a region.
    Replaces files produced before; the stored pages are only read."""
    ensure_staff(actor, request)
    written: list[str] = []
    try:
        with transaction.atomic():
            request = lock(request)
            if request.kind != RequestKind.COPY:
                raise RequestError(_("Files are produced for copy orders only."))
            if request.status != RequestStatus.IN_PROGRESS:
                raise RequestError(_("Take the request into work first."))
            items = list(request.items.select_related("unit__inventory__fonds"))
            unit_pages = pages.pages_of([i.unit_id for i in items])
            plan = []
            for item in items:
                unit = item.unit
                code = unit_code(unit, item.sheets)
                wanted = set(parse_sheets(item.sheets))
                chosen = [p for p in unit_pages[unit.pk] if not wanted or p.number in wanted]
                if not chosen:
                    raise RequestError(_("%(code)s has no page images to copy: digitize it first.") % {"code": code})
                missing = sorted(wanted - {p.number for p in chosen})
                if missing:
                    raise RequestError(_("%(code)s: sheets %(sheets)s are not digitized.")
                                       % {"code": code, "sheets": ", ".join(map(str, missing))})
                level = access.effective_level(unit)
                if level in (AccessLevel.RESTRICTED, AccessLevel.CLOSED) and not access.has_full_access(
                        request.requester, unit):
                    raise RequestError(_("The requester has no access to restricted unit %(code)s.") % {"code": code})
                redact = needs_redaction(request, unit)
                regions = active_regions([p.source.pk for p in chosen]) if redact else {}
                if redact and not regions:
                    raise RequestError(_("%(code)s contains personal data: mark the redaction regions on its pages "
                                         "before delivering it to anyone but the data subject.") % {"code": code})
                plan.append((unit, chosen, redact, regions))
            old = list(Delivery.objects.filter(request=request, kind=DeliveryKind.IMAGE))
            text = watermark_text(request)
            expires = link_expiry()
            made = []
            for unit, chosen, redact, regions in plan:
                for page in chosen:
                    with page.source.file.open("rb") as fh:
                        data = imaging.delivered_page(fh, text=text,
                                                      boxes=[_box(r) for r in regions.get(page.source.pk, [])])
                    name = f"{request.number}-{unit.inventory.fonds.number}-{unit.inventory.number}-{unit.number}" \
                           f"-{page.number:04d}.jpg"
                    delivery = Delivery(request=request, kind=DeliveryKind.IMAGE, unit=unit, page=page.number,
                                        name=name, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                                        content_type="image/jpeg", redacted=redact, created_by=actor_or_none(actor),
                                        expires_at=expires)
                    delivery.file.save(name, ContentFile(data), save=False)
                    written.append(delivery.file.name)
                    delivery.save()
                    made.append(delivery)
            Delivery.objects.filter(pk__in=[d.pk for d in old]).delete()
            delete_files_on_commit([d.file.name for d in old])
            redacted = sum(1 for d in made if d.redacted)
            record(request=request, actor=actor, action=EventAction.FILES, notify=False,
                   data={"files": len(made), "redacted": redacted})
    except Exception:
        delete_files(written)
        raise
    return made


def units_awaiting_redaction(request: Request) -> list[str]:
    """Codes of the units of a copy order that may only leave redacted and have no redacted file yet:
    a copy to pick up is printed from those files, so it is held back the same way."""
    items = [i for i in request.items.select_related("unit__inventory__fonds") if needs_redaction(request, i.unit)]
    if not items:
        return []
    done = set(Delivery.objects.filter(request=request, redacted=True, unit_id__in=[i.unit_id for i in items])
               .values_list("unit_id", flat=True))
    return [unit_code(i.unit, i.sheets) for i in items if i.unit_id not in done]


def request_renew_links(*, actor, request: Request) -> int:
    """Gives the files of a ready request a new download period (the link ran out before the citizen
    took them); the citizen is told. Downloads still check the access rule each time."""
    ensure_staff(actor, request)
    with transaction.atomic():
        request = lock(request)
        if request.status != RequestStatus.READY:
            raise RequestError(_("Only the files of a ready request can be sent again."))
        expires = link_expiry()
        renewed = Delivery.objects.filter(request=request).update(expires_at=expires)
        if not renewed:
            raise RequestError(_("This request has no files."))
        record(request=request, actor=actor, action=EventAction.RENEWED,
               data={"until": timezone.localdate(expires).isoformat()})
    return renewed


# ---------------------------------------------------------------- certificates
def _certificate_number(archive: Archive, year: int) -> str:
    # The archive row serializes numbering within the archive.
    Archive.objects.select_for_update().filter(pk=archive.pk).first()
    prefix = f"{archive.code}-{year}-"
    last = (Certificate.objects.filter(archive=archive, number__startswith=prefix)
            .order_by("-number").values_list("number", flat=True).first())
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:05d}"


def _new_code() -> str:
    while True:
        code = new_verification_code()
        if not Certificate.objects.filter(verification_code=code).exists():
            return code


def certificate_issue(*, actor, request: Request, title: str, body: str, grounds: Sequence[ItemData],
                      language: str) -> Certificate:
    """Writes the certificate PDF (number, verification code, the grounding reference codes and
    sheets) and delivers it to the requester."""
    ensure_staff(actor, request)
    title, body = (title or "").strip(), (body or "").strip()
    if not title or not body:
        raise RequestError(_("The certificate needs a title and a text."))
    if language not in ("kk", "ru"):
        raise RequestError(_("A certificate is written in Kazakh or Russian."))
    if not grounds:
        raise RequestError(_("Name the reference codes and sheets the certificate rests on."))
    written: list[str] = []
    try:
        with transaction.atomic():
            request = lock(request)
            if request.kind != RequestKind.CERTIFICATE:
                raise RequestError(_("Certificates are issued for certificate requests only."))
            if request.status != RequestStatus.IN_PROGRESS:
                raise RequestError(_("Take the request into work first."))
            if Certificate.objects.filter(request=request).exists():
                raise RequestError(_("The certificate of this request is already issued."))
            ground_rows = []
            for item in grounds:
                unit = item.unit
                if unit.archive_id != request.archive_id:
                    raise RequestError(_("%(code)s belongs to another archive.") % {"code": unit_code(unit)})
                try:
                    parse_sheets(item.sheets)
                except ValueError as exc:
                    raise RequestError(f"{unit_code(unit)}: {exc}") from exc
                ground_rows.append({"unit_id": unit.pk, "fonds": unit.inventory.fonds.number,
                                    "inventory": unit.inventory.number, "unit": unit.number, "sheets": item.sheets})
            archive = request.archive
            now = timezone.now()
            number = _certificate_number(archive, timezone.localdate(now).year)
            code = _new_code()
            contacts = " · ".join(x for x in (archive.phone, archive.email) if x)
            archive_name = getattr(archive, f"name_{language}") or archive.name_ru
            signer = actor.display_name if actor_or_none(actor) else ""
            pdf = render_pdf(CertificateText(
                language=language, archive_name=archive_name, archive_address=archive.address,
                archive_contacts=contacts, number=number, issued_on=timezone.localdate(now), title=title, body=body,
                grounds=ground_rows, signer=signer, verification_code=code))
            name = f"certificate-{number}.pdf"
            delivery = Delivery(request=request, kind=DeliveryKind.CERTIFICATE, name=name, size=len(pdf),
                                sha256=hashlib.sha256(pdf).hexdigest(), content_type="application/pdf",
                                created_by=actor_or_none(actor), expires_at=link_expiry())
            delivery.file.save(name, ContentFile(pdf), save=False)
            written.append(delivery.file.name)
            delivery.save()
            certificate = Certificate.objects.create(
                request=request, archive=archive, number=number, verification_code=code, language=language,
                title=title, body=body, grounds=ground_rows, issued_at=now, issued_by=actor_or_none(actor),
                sha256=delivery.sha256, delivery=delivery)
            record(request=request, actor=actor, action=EventAction.CERTIFICATE, notify=False,
                   data={"number": number})
    except Exception:
        delete_files(written)
        raise
    return certificate


# ---------------------------------------------------------------- access grants
def access_request_grant(*, actor, request: Request, until: dt.date, note: str = "") -> Request:
    """Opens the named units to the requester until a date (a grant through holdings.access, written
    to the access log), after staff verified the requester's identity; the request becomes ready."""
    ensure_staff(actor, request)
    today = timezone.localdate()
    if until <= today:
        raise RequestError(_("The access must last at least until tomorrow."))
    if until > today + dt.timedelta(days=MAX_GRANT_DAYS):
        raise RequestError(_("Access is granted for at most five years at a time."))
    with transaction.atomic():
        request = lock(request)
        if request.kind != RequestKind.ACCESS:
            raise RequestError(_("Access is granted on access requests only."))
        check_transition(request, "complete")
        if not request.identity_verified:
            raise RequestError(_("Verify the requester's identity first."))
        expires_at = timezone.make_aware(dt.datetime.combine(until, dt.time.max.replace(microsecond=0)))
        ground = f"request {request.number}: {request.ground}"
        units = [item.unit for item in request.items.select_related("unit")]
        for unit in units:
            access.grant_access(user=request.requester, actor=actor, unit=unit, expires_at=expires_at, ground=ground)
        transition(request, "complete", actor=actor, action=EventAction.GRANT, note=note.strip(),
                   data={"until": until.isoformat()})
    return request


# ---------------------------------------------------------------- redaction regions
def may_redact(user, archive_id: int) -> bool:
    return user is not None and user.is_authenticated and (
        access.is_archive_staff(user, archive_id, StaffRole.READING_ROOM)
        or access.is_archive_staff(user, archive_id, StaffRole.ARCHIVIST))


def redaction_region_add(*, actor, page: DigitalObject, x: float, y: float, width: float, height: float,
                         note: str = "") -> RedactionRegion:
    """Marks a rectangle (fractions of the page) to black out on copies for third parties."""
    if not may_redact(actor, page.unit.archive_id):
        raise RequestError(_("You do not answer requests of this archive."))
    if page.role not in pages.PAGE_ROLES:
        raise RequestError(_("Redaction regions are marked on page images."))
    values = [x, y, width, height]
    if any(v != v for v in values):  # NaN
        raise RequestError(_("The region is not valid."))
    x, y = min(max(x, 0.0), 1.0), min(max(y, 0.0), 1.0)
    width, height = min(width, 1.0 - x), min(height, 1.0 - y)
    if width < 0.002 or height < 0.002:
        raise RequestError(_("The region is too small; draw a larger rectangle."))
    return RedactionRegion.objects.create(page=page, unit_id=page.unit_id, x=x, y=y, width=width, height=height,
                                          note=(note or "").strip()[:200], created_by=actor_or_none(actor))


def redaction_region_remove(*, actor, region: RedactionRegion) -> None:
    """Takes a region off future copies; the row stays, marked removed, as a record."""
    if not may_redact(actor, region.unit.archive_id):
        raise RequestError(_("You do not answer requests of this archive."))
    RedactionRegion.objects.filter(pk=region.pk, removed_at__isnull=True).update(
        removed_at=timezone.now(), removed_by=actor_or_none(actor))


# ---------------------------------------------------------------- downloads
def delivery_downloaded(*, user, delivery: Delivery, ip: str | None = None) -> None:
    """Counts a download; a copy of a non-open record goes to the access log."""
    Delivery.objects.filter(pk=delivery.pk).update(download_count=F("download_count") + 1)
    if delivery.unit_id:
        access.log_view(unit=delivery.unit, user=user, action=AccessAction.DOWNLOAD, ip=ip,
                        detail=f"request {delivery.request.number}, page {delivery.page}")
