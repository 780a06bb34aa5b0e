"""The register of audiovisual works, deposit obligations (dashboard), offers and deposits."""
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import permissions, selectors, services, workflows
from ..choices import Funding, ObligationStatus, OfferStatus
from ..forms import DepositForm, OfferForm, ReasonForm, WorkFilterForm, WorkForm
from ..models import Accession, DepositObligation, DepositOffer
from .base import initial_pk, office_view, pager_context, require_handle, run_service


def _producers(request: HttpRequest):
    return selectors.sources(request.user).filter(active=True).order_by("name")


@office_view
@require_GET
def work_list(request: HttpRequest) -> HttpResponse:
    filters = WorkFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    qs = selectors.works(request.user, funding=data.get("funding", ""), kind=data.get("kind", ""),
                         q=(data.get("q") or "").strip(), obligation=data.get("obligation", ""))
    page = selectors.keyset_page(qs, request.GET.get("after"))
    return render(request, "accessions/work_list.html", {"filters": filters, **pager_context(request, page)})


@office_view
@require_http_methods(["GET", "POST"])
def work_create(request: HttpRequest) -> HttpResponse:
    form = WorkForm(request.POST or None, producers=_producers(request), initial=initial_pk(request, "producer"))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        producer = data.pop("producer")
        require_handle(request, producer.archive_id)
        work = run_service(request, _("Work registered."), services.work_register, actor=request.user,
                           producer=producer, title=data.pop("title"), kind=data.pop("kind"),
                           funding=data.pop("funding"), **data)
        if work:
            if work.funding != Funding.PRIVATE and work.release_date:
                messages.info(request, _("A deposit obligation was created for this work."))
            return redirect("accessions:work_detail", work.pk)
    return render(request, "accessions/work_form.html", {"form": form})


@office_view
@require_http_methods(["GET", "POST"])
def work_edit(request: HttpRequest, pk: int) -> HttpResponse:
    work = selectors.work_detail(request.user, pk)
    require_handle(request, work.producer.archive_id)
    form = WorkForm(request.POST or None, instance=work, producers=_producers(request))
    form.fields["producer"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in form.changed_data if k != "producer"}
        work.refresh_from_db()
        if run_service(request, _("Work saved."), services.work_update, actor=request.user, work=work, **data):
            return redirect("accessions:work_detail", pk)
    return render(request, "accessions/work_form.html", {"form": form, "work": work})


def _obligation(work):
    try:
        return work.obligation
    except DepositObligation.DoesNotExist:
        return None


def _offer(work):
    try:
        return work.offer
    except DepositOffer.DoesNotExist:
        return None


@office_view
@require_GET
def work_detail(request: HttpRequest, pk: int) -> HttpResponse:
    work = selectors.work_detail(request.user, pk)
    obligation, offer = _obligation(work), _offer(work)
    accession = (obligation.accession if obligation else None) or (offer.accession if offer else None)
    receiving_archive = obligation.archive if obligation else (offer.archive if offer else None)
    may_receive = receiving_archive is not None and permissions.can_receive_deposit(request.user, receiving_archive.pk)
    deposit_open = ((obligation is not None and workflows.allowed("obligation", obligation.status,
                                                                  ObligationStatus.DEPOSITED))
                    or (offer is not None and offer.status == OfferStatus.ACCEPTED and offer.accession_id is None))
    context = {
        "work": work, "obligation": obligation, "offer": offer, "accession": accession,
        "days_left": selectors.days_left(obligation) if obligation else None,
        "days_late": -selectors.days_left(obligation) if obligation else None,
        "may_receive": may_receive, "deposit_open": deposit_open and may_receive,
        "may_edit": permissions.can_handle(request.user, work.producer.archive_id),
        "may_offer": work.funding == Funding.PRIVATE and offer is None
        and permissions.can_handle(request.user, work.producer.archive_id),
        "offer_open": offer is not None and offer.status == OfferStatus.OFFERED and may_receive,
        "units": selectors.accession_units(accession, request.user) if accession else [],
        "media_files": selectors.media_files(accession.pk) if accession else [],
        "reminders": list(obligation.reminders.all()[:20]) if obligation else [],
        "offer_form": OfferForm(), "decline_form": ReasonForm(),
        "history": selectors.history("work", work.pk, ("obligation", obligation.pk if obligation else None),
                                     ("offer", offer.pk if offer else None)),
    }
    return render(request, "accessions/work_detail.html", context)


@office_view
@require_POST
def work_offer(request: HttpRequest, pk: int) -> HttpResponse:
    work = selectors.work_detail(request.user, pk)
    require_handle(request, work.producer.archive_id)
    form = OfferForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    run_service(request, _("The offer is recorded."), services.deposit_offer_create, actor=request.user, work=work,
                note=note)
    return redirect("accessions:work_detail", pk)


def _offer_for_decision(request: HttpRequest, pk: int) -> DepositOffer:
    work = selectors.work_detail(request.user, pk)
    offer = _offer(work)
    if offer is None:
        raise Http404
    require_handle(request, offer.archive_id)
    return offer


@office_view
@require_POST
def work_offer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer_for_decision(request, pk)
    run_service(request, _("Offer accepted. Record the deposit when the copy arrives."), services.deposit_offer_accept,
                actor=request.user, offer=offer)
    return redirect("accessions:work_detail", pk)


@office_view
@require_POST
def work_offer_decline(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer_for_decision(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        run_service(request, _("Offer declined."), services.deposit_offer_decline, actor=request.user, offer=offer,
                    reason=form.cleaned_data["reason"])
    else:
        messages.error(request, _("Give the reason for declining the offer."))
    return redirect("accessions:work_detail", pk)


def _deposit_initial(work, archive_id: int) -> dict:
    """Where earlier deposits of the same producer went, so the archivist rarely types it."""
    last = (Accession.objects.filter(archive_id=archive_id, source__name=work.producer.name, fonds__isnull=False)
            .select_related("fonds").order_by("-id").first())
    year = (work.release_date or work.production_date)
    return {"fonds_number": last.fonds.number if last else "", "fonds_title": work.producer.name,
            "inventory_number": str(year.year) if year else "1",
            "inventory_title": _("Audiovisual works, %(year)s") % {"year": year.year} if year else ""}


@office_view
@require_http_methods(["GET", "POST"])
def work_deposit(request: HttpRequest, pk: int) -> HttpResponse:
    work = selectors.work_detail(request.user, pk)
    obligation, offer = _obligation(work), _offer(work)
    archive = obligation.archive if obligation else (offer.archive if offer else None)
    if archive is None:
        raise Http404
    require_handle(request, archive.pk)
    form = DepositForm(request.POST or None, request.FILES or None, initial=_deposit_initial(work, archive.pk))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        accession = run_service(request, "", services.deposit_receive, actor=request.user, work=work,
                                files=data["files"], fonds_number=data["fonds_number"],
                                fonds_title=data["fonds_title"], inventory_number=data["inventory_number"],
                                inventory_title=data["inventory_title"], unit_per_file=data["unit_per_file"],
                                condition_notes=data["condition_notes"])
        if accession:
            messages.success(request, _("Deposit recorded under act № %(number)s.") % {"number": accession.number})
            return redirect("accessions:work_detail", pk)
    return render(request, "accessions/work_deposit.html", {"work": work, "form": form, "archive": archive,
                                                            "obligation": obligation})


@office_view
@require_GET
def work_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    from ..pdf import deposit_receipt_pdf, pdf_language  # fpdf2 loads only for the requests that print

    work = selectors.work_detail(request.user, pk)
    obligation, offer = _obligation(work), _offer(work)
    accession = (obligation.accession if obligation else None) or (offer.accession if offer else None)
    if accession is None:
        raise Http404
    accession = Accession.objects.select_related("archive", "processed_by").get(pk=accession.pk)
    language = pdf_language(request.GET.get("lang"), work.producer.language or get_language())
    response = HttpResponse(deposit_receipt_pdf(work, accession, language=language), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{accession.number}-{language}.pdf"'
    return response


@require_GET
def obligation_dashboard(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not permissions.can_view_dashboard(request.user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    rows = selectors.obligation_dashboard(request.user)
    totals = {"due": sum(r.due for r in rows), "overdue": sum(r.overdue for r in rows),
              "deposited": sum(r.deposited for r in rows)}
    attention = selectors.obligations_attention(request.user)
    return render(request, "accessions/obligation_dashboard.html",
                  {"rows": rows, "totals": totals, "attention": attention,
                   "national": permissions.is_national_reader(request.user)})
