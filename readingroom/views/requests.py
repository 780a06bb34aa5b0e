"""A citizen's requests: the four forms, "My requests", downloads of deliveries, and the public
certificate check."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import HiddenInput
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from holdings.choices import Media

from .. import deadlines, permissions, selectors, services
from ..certificates import normalize_code
from ..choices import CertificateLanguage, FeeService, RequestKind, RequestStatus
from ..forms import AccessRequestForm, CertificateRequestForm, CopyRequestForm, VerifyForm, VisitRequestForm
from ..models import Certificate, Delivery, PriceListItem, RequestAttachment
from ..services import ItemData, RequestError
from .base import client_ip, pager

FORMS = {
    RequestKind.COPY: (CopyRequestForm, "readingroom/request_copy.html"),
    RequestKind.CERTIFICATE: (CertificateRequestForm, "readingroom/request_certificate.html"),
    RequestKind.VISIT: (VisitRequestForm, "readingroom/request_visit.html"),
    RequestKind.ACCESS: (AccessRequestForm, "readingroom/request_access.html"),
}


@login_required
def request_new(request: HttpRequest) -> HttpResponse:
    return render(request, "readingroom/request_new.html")


def _start_unit(request: HttpRequest):
    raw = request.POST.get("unit") or request.GET.get("unit")
    if not raw:
        return None
    try:
        unit = selectors.unit_for(request.user, int(raw))
    except ValueError:
        unit = None
    if unit is None:
        raise Http404
    return unit


def _items(form, user, start_unit) -> list[ItemData] | None:
    """The units named: the one the request started from, and those typed as codes."""
    items = [ItemData(start_unit, form.cleaned_data.get("sheets", ""))] if start_unit else []
    archive_id = start_unit.archive_id if start_unit else form.cleaned_data.get("archive")
    resolved = selectors.resolve_codes(user, archive_id, form.code_lines())
    if resolved.unknown:
        form.add_error("more_units", _("Not found in the catalogue: %(codes)s. Check the codes and the archive.")
                       % {"codes": "; ".join(resolved.unknown)})
        return None
    items += [ItemData(unit, sheets) for unit, sheets in resolved.items if not start_unit or unit.pk != start_unit.pk]
    return items


def _create(kind: str, user, form, items: list[ItemData], files):
    data = form.cleaned_data
    if kind == RequestKind.COPY:
        return services.copy_request_create(
            actor=user, items=items, copy_kind=data["copy_kind"], delivery=data["delivery"],
            data_subject_claim=data["data_subject_claim"], message=data["message"], phone=data["phone"])
    if kind == RequestKind.CERTIFICATE:
        from holdings.models import Archive

        archive = Archive.objects.filter(pk=data["archive"]).first()
        if archive is None:
            raise RequestError(_("Choose an archive."))
        return services.certificate_request_create(
            actor=user, archive=archive, certificate_kind=data["certificate_kind"],
            certificate_language=data["certificate_language"], person_name=data["person_name"],
            organization=data["organization"], year_from=data["year_from"], year_to=data["year_to"],
            position=data["position"], message=data["message"], delivery=data["delivery"], phone=data["phone"],
            items=items, attachments=data["attachments"])
    if kind == RequestKind.VISIT:
        return services.visit_request_create(actor=user, visit_date=data["visit_date"], items=items,
                                             message=data["message"], phone=data["phone"])
    return services.access_request_create(actor=user, items=items, ground=data["ground"], purpose=data["purpose"],
                                          attachments=data["attachments"], phone=data["phone"])


@login_required
@require_http_methods(["GET", "POST"])
def request_form(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in RequestKind.values:
        raise Http404
    form_class, template = FORMS[RequestKind(kind)]
    start_unit = _start_unit(request)
    archives = selectors.archives()
    initial = {"unit": start_unit.pk if start_unit else None}
    if start_unit:
        initial["archive"] = start_unit.archive_id
    elif (request.GET.get("archive") or "").isdigit():
        initial["archive"] = int(request.GET["archive"])  # from an archive's page; only a choice offered
    if kind == RequestKind.CERTIFICATE:
        lang = request.user.preferred_language
        initial.update({"person_name": request.user.get_full_name(),
                        "certificate_language": lang if lang in CertificateLanguage.values else "ru",
                        "certificate_kind": request.GET.get("what", "")})
    form = form_class(request.POST or None, request.FILES or None, initial=initial, archives=archives)
    if start_unit:
        form.fields["archive"].widget = HiddenInput()  # the unit names its archive
    if request.method == "POST" and form.is_valid():
        items = _items(form, request.user, start_unit)
        if items is not None:
            try:
                created = _create(kind, request.user, form, items, request.FILES)
            except RequestError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Your request No. %(number)s is sent. We will write to you when its "
                                            "status changes.") % {"number": created.number})
                return redirect("readingroom:my_request", pk=created.pk)
    return render(request, template, {"form": form, "start_unit": start_unit, "kind": kind,
                                      **_terms(kind, start_unit)})


def _terms(kind: str, start_unit) -> dict:
    """The term the archive has (as the administrator set it) and the due date of a request sent
    today; for a copy of a unit, the archive's price per page."""
    if kind == RequestKind.VISIT:
        return {}
    term = deadlines.term_for(kind)
    out = {"term": term, "due": deadlines.due_date(timezone.localdate(), term)}
    if kind == RequestKind.COPY and start_unit is not None:
        electronic = start_unit.media == Media.ELECTRONIC
        service = FeeService.PAPER_COPY_PAGE if electronic else FeeService.ELECTRONIC_COPY_PAGE
        out["price"] = PriceListItem.objects.filter(archive_id=start_unit.archive_id, service=service,
                                                    active=True).values_list("price", flat=True).first()
    return out


@login_required
def my_requests(request: HttpRequest) -> HttpResponse:
    page = selectors.request_page(permissions.own_requests(request.user).select_related("archive"),
                                  after=request.GET.get("after"))
    return render(request, "readingroom/my_requests.html", {"page": page, **pager(request, page)})


@login_required
def my_request(request: HttpRequest, pk: int) -> HttpResponse:
    req = permissions.get_own_request(request.user, pk)
    certificate = Certificate.objects.filter(request=req).only("number", "verification_code", "issued_at").first()
    return render(request, "readingroom/my_request.html", {
        "req": req, "items": selectors.request_items(req, request.user),
        "history": selectors.public_history(req),
        # Files reach the citizen with the answer (checked, paid for), never while it is being prepared.
        "deliveries": list(req.deliveries.all()) if req.status == RequestStatus.READY else [],
        "attachments": list(req.attachments.all()),
        "certificate": certificate,
    })


@login_required
def download(request: HttpRequest, pk: int, delivery_id: int) -> HttpResponse:
    """A delivered file: the requester and the archive's staff only, until the link expires."""
    delivery = Delivery.objects.select_related("request__requester", "unit").filter(
        pk=delivery_id, request_id=pk).first()
    if delivery is None:
        raise Http404
    req = delivery.request
    if req.requester_id != request.user.pk and not permissions.handles(request.user, req):
        raise Http404
    if delivery.expired:
        return render(request, "readingroom/link_expired.html", {"req": req}, status=410)
    if not permissions.may_download(request.user, delivery):
        raise Http404
    services.delivery_downloaded(user=request.user, delivery=delivery, ip=client_ip(request))
    response = FileResponse(delivery.file.open("rb"), content_type=delivery.content_type, as_attachment=True,
                            filename=delivery.name)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    item = RequestAttachment.objects.select_related("request").filter(pk=attachment_id, request_id=pk).first()
    if item is None or not permissions.may_see_attachment(request.user, item.request):
        raise Http404
    response = FileResponse(item.file.open("rb"), content_type=item.content_type, as_attachment=True,
                            filename=item.original_name)
    response["Cache-Control"] = "private, no-store"
    return response


def verify_form(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("readingroom:verify", code=normalize_code(form.cleaned_data["code"]))
    return render(request, "readingroom/verify.html", {"form": form})


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Number, archive and date of a certificate; never its content."""
    certificate = (Certificate.objects.filter(verification_code=normalize_code(code))
                   .select_related("archive").only("number", "issued_at", "sha256", "archive__name_kk",
                                                   "archive__name_ru", "archive__name_en", "archive__code").first())
    form = VerifyForm(initial={"code": code})
    status = 200 if certificate else 404
    return render(request, "readingroom/verify.html", {"form": form, "certificate": certificate, "checked": True,
                                                       "code": normalize_code(code)}, status=status)
