"""The staff side: the queue of an archive, a request with its actions (each transition its own
POST endpoint calling one service), redaction regions, the holiday calendar and price lists."""
from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from holdings import access
from holdings.choices import StaffRole
from holdings.models import AccessLogEntry, Archive, Unit

from .. import deadlines, permissions, selectors, services
from ..choices import OPEN_STATUSES, CertificateKind, RequestKind
from ..codes import unit_code
from ..forms import (
    AssignForm,
    CertificateForm,
    CompleteForm,
    FeeForm,
    GrantForm,
    HolidayForm,
    IdentityForm,
    LoadYearForm,
    NoteForm,
    PaymentForm,
    PriceForm,
    QueueFilterForm,
    ReasonForm,
    RedactionForm,
    TermForm,
)
from ..models import Certificate, CertificateTemplate, Holiday, PriceListItem, RedactionRegion, RequestTerm
from ..pages import pages_of
from ..services import ItemData, RequestError
from .base import calendar_required, pager, queue_required

QUEUE_PAGE = 50


# ---------------------------------------------------------------- the queue
def _queue_archive(request: HttpRequest, archives: list[Archive], chosen: int | None) -> Archive:
    """The archive asked for, else the one chosen in the back-office switcher, else the first."""
    by_id = {a.pk: a for a in archives}
    if chosen in by_id:
        return by_id[chosen]
    from holdings.selectors import current_archive

    current = current_archive(request)
    if current is not None and current.pk in by_id:
        return by_id[current.pk]
    return archives[0]


def _queue_cursor(value: str | None) -> tuple[dt.date, int] | None:
    try:
        day, pk = (value or "").split("_", 1)
        return dt.date.fromisoformat(day), int(pk)
    except ValueError:
        return None


@queue_required
def queue(request: HttpRequest) -> HttpResponse:
    archives = list(access.staff_archives(request.user, StaffRole.READING_ROOM))
    form = QueueFilterForm(request.GET or None, archives=archives)
    data = form.cleaned_data if form.is_valid() else {}
    archive = _queue_archive(request, archives, data.get("archive"))
    elsewhere = []
    if len(archives) > 1:
        # Say where work is waiting in the user's other archives, so that nobody stares at an empty queue.
        open_counts = selectors.open_request_counts(request.user)
        for a in archives:
            a.open_requests = open_counts.get(a.pk, 0)
        elsewhere = [a for a in archives if a.open_requests and a.pk != archive.pk]
    qs = permissions.staff_requests(request.user).filter(archive=archive).select_related("requester", "assigned_to")
    status = data.get("status") or ""
    if status == "":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status != "all":
        qs = qs.filter(status=status)
    if data.get("kind"):
        qs = qs.filter(kind=data["kind"])
    if data.get("overdue"):
        qs = qs.filter(status__in=OPEN_STATUSES, due_date__lt=timezone.localdate())
    if data.get("mine"):
        qs = qs.filter(assigned_to=request.user)
    cursor = _queue_cursor(request.GET.get("after"))
    if cursor:
        day, pk = cursor
        from django.db.models import Q

        qs = qs.filter(Q(due_date__gt=day) | Q(due_date=day, id__gt=pk))
    rows = list(qs.order_by("due_date", "id")[:QUEUE_PAGE + 1])
    more = len(rows) > QUEUE_PAGE
    rows = rows[:QUEUE_PAGE]
    page = selectors.KeysetPage(rows, f"{rows[-1].due_date.isoformat()}_{rows[-1].pk}" if rows and more else None)
    return render(request, "readingroom/office/queue.html", {
        "form": form, "archive": archive, "archives": archives, "elsewhere": elsewhere, "page": page,
        "today": timezone.localdate(),
        **pager(request, page)})


# ---------------------------------------------------------------- one request
def _template_text(req, language: str) -> tuple[str, str]:
    """Title and text of the certificate, pre-filled from the template and the request's facts."""
    template = CertificateTemplate.objects.filter(kind=req.certificate_kind or CertificateKind.OTHER,
                                                  language=language).first()
    if template is None:
        return "", ""
    if req.year_from and req.year_to and req.year_from != req.year_to:
        years = f"{req.year_from}–{req.year_to}"
    else:
        years = str(req.year_from or req.year_to or "")
    facts = {"person": req.person_name, "organization": req.organization, "position": req.position,
             "years": years, "details": ""}

    class Keep(dict):
        def __missing__(self, key):
            return "{" + key + "}"

    return template.title, template.body.format_map(Keep(facts)).strip()


@queue_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = permissions.get_staff_request(request.user, pk)
    items = selectors.request_items(req, request.user)
    unit_ids = [i.unit_id for i in items]
    redaction = []
    if req.kind == RequestKind.COPY and items:
        regions = dict.fromkeys(unit_ids, 0)
        for unit_id in RedactionRegion.objects.filter(unit_id__in=unit_ids, removed_at__isnull=True).values_list(
                "unit_id", flat=True):
            regions[unit_id] += 1
        for item in items:
            if services.needs_redaction(req, item.unit):
                redaction.append((item, regions[item.unit_id]))
    certificate = Certificate.objects.filter(request=req).first()
    language = req.certificate_language or "ru"
    title, body = _template_text(req, language) if req.kind == RequestKind.CERTIFICATE else ("", "")
    log = list(AccessLogEntry.objects.filter(unit_id__in=unit_ids).select_related("user", "subject_user")
               .order_by("-at", "-id")[:20]) if unit_ids else []
    context = {
        "req": req, "items": items, "history": selectors.full_history(req),
        "deliveries": list(req.deliveries.all()), "attachments": list(req.attachments.all()),
        "certificate": certificate, "redaction": redaction, "access_log": log,
        "transitions": services.allowed_transitions(req), "verified_subject": services.is_verified_data_subject(req),
        # Several forms share field names ("note"): each gets its own element ids, so that every
        # label points at its own field.
        "assign_form": AssignForm(initial={"assignee": req.assigned_to_id}, auto_id="assign_%s",
                                  staff=access.staff_users(req.archive_id, StaffRole.READING_ROOM)),
        "note_form": NoteForm(auto_id="note_%s"), "refuse_form": ReasonForm(auto_id="refuse_%s"),
        "complete_form": CompleteForm(auto_id="complete_%s"),
        "fee_form": FeeForm(initial={"fee": req.fee}, auto_id="fee_%s"),
        "payment_form": PaymentForm(auto_id="payment_%s"), "identity_form": IdentityForm(auto_id="identity_%s"),
        "grant_form": GrantForm(initial={"until": timezone.localdate() + dt.timedelta(days=90)},
                                auto_id="grant_%s"),
        "certificate_form": CertificateForm(auto_id="certificate_%s", initial={
            "language": language, "title": title, "body": body,
            "grounds": "\n".join(unit_code(i.unit, i.sheets) for i in items)}),
    }
    return render(request, "readingroom/office/request.html", context)


def _action(view):
    """POST-only action on one request of the user's archives: RequestError -> message, then back."""
    @queue_required
    @require_POST
    def wrapper(request: HttpRequest, pk: int) -> HttpResponse:
        req = permissions.get_staff_request(request.user, pk)
        try:
            done = view(request, req)
        except RequestError as exc:
            messages.error(request, str(exc))
        else:
            if done:
                messages.success(request, done)
        return redirect("readingroom:office_request", pk=req.pk)
    wrapper.__name__ = view.__name__
    return wrapper


def _form_or_error(form_class, request, **kwargs):
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        raise RequestError(errors or _("Check the form."))
    return form.cleaned_data


@_action
def request_take(request, req):
    services.request_take(actor=request.user, request=req)
    return _("The request is in progress.")


@_action
def request_complete(request, req):
    data = _form_or_error(CompleteForm, request)
    services.request_complete(actor=request.user, request=req, note=data["note"])
    return _("The request is ready; the citizen has been told.")


@_action
def request_refuse(request, req):
    data = _form_or_error(ReasonForm, request)
    services.request_refuse(actor=request.user, request=req, reason=data["reason"])
    return _("The request is refused; the citizen has been told.")


@_action
def request_assign(request, req):
    staff = list(access.staff_users(req.archive_id, StaffRole.READING_ROOM))
    data = _form_or_error(AssignForm, request, staff=staff)
    assignee = next((u for u in staff if u.pk == data["assignee"]), None)
    services.request_assign(actor=request.user, request=req, assignee=assignee)
    return _("Assignment saved.")


@_action
def request_note(request, req):
    data = _form_or_error(NoteForm, request)
    services.request_add_note(actor=request.user, request=req, note=data["note"])
    return _("Note added.")


@_action
def request_fee(request, req):
    data = _form_or_error(FeeForm, request)
    services.request_set_fee(actor=request.user, request=req, fee=data["fee"], note=data["note"])
    return _("Fee saved.")


@_action
def request_payment(request, req):
    data = _form_or_error(PaymentForm, request)
    services.request_record_payment(actor=request.user, request=req, reference=data["reference"])
    return _("Payment recorded.")


@_action
def request_identity(request, req):
    data = _form_or_error(IdentityForm, request)
    services.request_verify_identity(actor=request.user, request=req, document=data["document"])
    return _("Identity check recorded.")


@_action
def request_produce(request, req):
    made = services.copy_request_produce(actor=request.user, request=req)
    return _("%(n)d files produced.") % {"n": len(made)}


@_action
def request_certificate(request, req):
    data = _form_or_error(CertificateForm, request)
    lines = [line for line in data["grounds"].splitlines() if line.strip()]
    resolved = selectors.resolve_codes(request.user, req.archive_id, lines)
    if resolved.unknown:
        raise RequestError(_("Not found in this archive: %(codes)s") % {"codes": "; ".join(resolved.unknown)})
    certificate = services.certificate_issue(
        actor=request.user, request=req, title=data["title"], body=data["body"], language=data["language"],
        grounds=[ItemData(unit, sheets) for unit, sheets in resolved.items])
    return _("Certificate No. %(number)s issued.") % {"number": certificate.number}


@_action
def request_renew(request, req):
    services.request_renew_links(actor=request.user, request=req)
    return _("The download links work again; the citizen has been told.")


@_action
def request_grant(request, req):
    data = _form_or_error(GrantForm, request)
    services.access_request_grant(actor=request.user, request=req, until=data["until"], note=data["note"])
    return _("Access granted; the citizen has been told.")


# ---------------------------------------------------------------- redaction
@queue_required
def redaction(request: HttpRequest, pk: int) -> HttpResponse:
    """Marks rectangles on a unit's pages: drawn with the mouse (static/js/viewer.js) or typed in percent."""
    unit = Unit.objects.filter(pk=pk).with_codes().select_related("archive").first()
    if unit is None or not services.deliveries.may_redact(request.user, unit.archive_id):
        raise Http404
    pages = [p for p in pages_of([unit.pk])[unit.pk] if p.access is not None]
    if not pages:
        messages.error(request, _("The unit has no page images yet."))
    try:
        number = int(request.GET.get("page") or request.POST.get("page_number") or (pages[0].number if pages else 0))
    except ValueError:
        number = pages[0].number if pages else 0
    page = next((p for p in pages if p.number == number), pages[0] if pages else None)
    back = request.GET.get("request") or request.POST.get("request") or ""
    form = RedactionForm(request.POST or None, initial={"page": page.source.pk if page else None})
    if request.method == "POST" and page is not None:
        if form.is_valid():
            data = form.cleaned_data
            target = next((p for p in pages if p.source.pk == data["page"]), None)
            if target is None:
                raise Http404
            try:
                services.redaction_region_add(actor=request.user, page=target.source, x=data["x"] / 100,
                                              y=data["y"] / 100, width=data["width"] / 100,
                                              height=data["height"] / 100, note=data["note"])
            except RequestError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Region saved."))
                url = f"{request.path}?page={target.number}" + (f"&request={back}" if back.isdigit() else "")
                return redirect(url)
    regions = list(RedactionRegion.objects.filter(page_id=page.source.pk, removed_at__isnull=True)) if page else []
    counts = dict.fromkeys((p.source.pk for p in pages), 0)
    for page_id in RedactionRegion.objects.filter(unit=unit, removed_at__isnull=True).values_list("page_id", flat=True):
        counts[page_id] = counts.get(page_id, 0) + 1
    for p in pages:
        p.region_count = counts.get(p.source.pk, 0)
    return render(request, "readingroom/office/redaction.html", {
        "unit": unit, "code": unit_code(unit), "pages": pages, "page": page, "regions": regions, "form": form,
        "back": back if back.isdigit() else ""})


@queue_required
@require_POST
def redaction_remove(request: HttpRequest, pk: int) -> HttpResponse:
    region = get_object_or_404(RedactionRegion.objects.select_related("unit", "page"), pk=pk, removed_at__isnull=True)
    if not services.deliveries.may_redact(request.user, region.unit.archive_id):
        raise Http404
    services.redaction_region_remove(actor=request.user, region=region)
    messages.success(request, _("Region removed."))
    back = request.POST.get("request", "")
    url = reverse("readingroom:redaction", args=[region.unit_id]) + f"?page={region.page.page_order}"
    return redirect(url + (f"&request={back}" if back.isdigit() else ""))


# ---------------------------------------------------------------- calendar and terms
@calendar_required
def calendar(request: HttpRequest) -> HttpResponse:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    holiday_form = HolidayForm(request.POST if request.POST.get("action") == "add" else None)
    year_form = LoadYearForm(request.POST if request.POST.get("action") == "load" else None, initial={"year": year})
    term_form = TermForm(request.POST if request.POST.get("action") == "term" else None)
    if request.method == "POST":
        try:
            action = request.POST.get("action")
            if action == "add" and holiday_form.is_valid():
                h = services.holiday_add(actor=request.user, **holiday_form.cleaned_data)
                messages.success(request, _("%(date)s added.") % {"date": h.date.strftime("%d.%m.%Y")})
                return redirect(f"{request.path}?year={h.date.year}")
            if action == "load" and year_form.is_valid():
                n = services.holidays_load_year(actor=request.user, year=year_form.cleaned_data["year"])
                messages.success(request, _("%(n)d days added.") % {"n": n})
                return redirect(f"{request.path}?year={year_form.cleaned_data['year']}")
            if action == "term" and term_form.is_valid():
                services.request_term_set(actor=request.user, **term_form.cleaned_data)
                messages.success(request, _("Term saved."))
                return redirect(f"{request.path}?year={year}")
            if action == "remove":
                raw = request.POST.get("holiday") or ""
                holiday = get_object_or_404(Holiday, pk=int(raw) if raw.isdigit() else 0)
                services.holiday_remove(actor=request.user, holiday=holiday)
                messages.success(request, _("Day removed."))
                return redirect(f"{request.path}?year={holiday.date.year}")
        except RequestError as exc:
            messages.error(request, str(exc))
    terms = {row.kind: row for row in RequestTerm.objects.all()}
    term_rows = []
    for kind in RequestKind:
        term = deadlines.term_for(kind) if kind not in terms else deadlines.Term(terms[kind].days, terms[kind].count)
        term_rows.append((kind.label, term, kind in terms))
    return render(request, "readingroom/office/calendar.html", {
        "year": year, "holidays": list(Holiday.objects.filter(date__year=year)), "holiday_form": holiday_form,
        "year_form": year_form, "term_form": term_form, "terms": term_rows,
        "example": deadlines.due_date(timezone.localdate(), deadlines.term_for(RequestKind.CERTIFICATE))})


# ---------------------------------------------------------------- price lists
@queue_required
def prices(request: HttpRequest) -> HttpResponse:
    archives = list(access.staff_archives(request.user, StaffRole.READING_ROOM))
    try:
        chosen = int(request.GET.get("archive") or request.POST.get("archive") or 0)
    except ValueError:
        chosen = 0
    archive = _queue_archive(request, archives, chosen)
    if not permissions.may_keep_price_list(request.user, archive.pk):
        raise PermissionDenied
    form = PriceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.price_item_set(actor=request.user, archive=archive, **form.cleaned_data)
        except RequestError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Price list saved."))
            return redirect(f"{request.path}?archive={archive.pk}")
    items = list(PriceListItem.objects.filter(archive=archive).order_by("service"))
    return render(request, "readingroom/office/prices.html", {"archive": archive, "archives": archives,
                                                               "items": items, "form": form})
