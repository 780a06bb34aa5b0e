"""Acts of acceptance: list, create, edit, list units, receive, process, reject, print."""
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import selectors, services, workflows
from ..choices import AccessionStatus
from ..forms import (
    AccessionEditForm,
    AccessionFilterForm,
    AccessionForm,
    ItemForm,
    ItemsCsvForm,
    ProcessForm,
    ReasonForm,
)
from .base import (
    SERVICE_ERRORS,
    current_archive,
    initial_pk,
    office_view,
    pager_context,
    require_handle,
    run_service,
)


@office_view
@require_GET
def accession_list(request: HttpRequest) -> HttpResponse:
    archive = current_archive(request)
    filters = AccessionFilterForm(request.GET or None)
    status = kind = ""
    if filters.is_valid():
        status, kind = filters.cleaned_data["status"], filters.cleaned_data["kind"]
    page = selectors.keyset_page(selectors.accessions(request.user, archive_id=archive.pk, status=status, kind=kind),
                                 request.GET.get("after"))
    return render(request, "accessions/accession_list.html",
                  {"archive": archive, "filters": filters, **pager_context(request, page)})


@office_view
@require_http_methods(["GET", "POST"])
def accession_create(request: HttpRequest) -> HttpResponse:
    archive = current_archive(request)
    sources = selectors.sources(request.user, archive_id=archive.pk).filter(active=True)
    form = AccessionForm(request.POST or None, sources=sources, initial=initial_pk(request, "source"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        accession = run_service(request, _("Act created. List the units it covers."), services.accession_create,
                                actor=request.user, archive=archive, source=data.pop("source"), kind=data.pop("kind"),
                                **data)
        if accession:
            return redirect("accessions:accession_detail", accession.pk)
    return render(request, "accessions/accession_form.html", {"form": form, "archive": archive})


@office_view
@require_http_methods(["GET", "POST"])
def accession_edit(request: HttpRequest, pk: int) -> HttpResponse:
    accession = selectors.accession_detail(request.user, pk)
    form = AccessionEditForm(request.POST or None, instance=accession)
    if request.method == "POST" and form.is_valid():
        changed = {k: form.cleaned_data[k] for k in form.changed_data}
        accession.refresh_from_db()
        if run_service(request, _("Act saved."), services.accession_update, actor=request.user,
                       accession=accession, **changed):
            return redirect("accessions:accession_detail", pk)
    return render(request, "accessions/accession_form.html", {"form": form, "accession": accession,
                                                              "archive": accession.archive})


@office_view
@require_GET
def accession_detail(request: HttpRequest, pk: int) -> HttpResponse:
    accession = selectors.accession_detail(request.user, pk)
    editable = accession.status in (AccessionStatus.DRAFT, AccessionStatus.RECEIVED)
    context = {
        "accession": accession,
        "items": list(accession.items.all()),
        "units": selectors.accession_units(accession, request.user) if accession.unit_count else [],
        "media_files": selectors.media_files(accession.pk),
        "transfers": list(accession.transfers.all()),
        "history": selectors.history("accession", accession.pk),
        "editable": editable,
        "can_receive": workflows.allowed("accession", accession.status, AccessionStatus.RECEIVED),
        "can_process": workflows.allowed("accession", accession.status, AccessionStatus.PROCESSED),
        "can_reject": workflows.allowed("accession", accession.status, AccessionStatus.REJECTED),
        "item_form": ItemForm(prefix="item"),
        "csv_form": ItemsCsvForm(),
        "process_form": ProcessForm(initial={
            "fonds_number": accession.fonds.number if accession.fonds_id else "",
            "inventory_number": accession.inventory.number if accession.inventory_id else ""}),
        "reject_form": ReasonForm(),
    }
    return render(request, "accessions/accession_detail.html", context)


def _accession_for_write(request: HttpRequest, pk: int):
    accession = selectors.accession_detail(request.user, pk)
    require_handle(request, accession.archive_id)
    return accession


@office_view
@require_POST
def accession_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    accession = _accession_for_write(request, pk)
    form = ItemForm(request.POST, prefix="item")
    if form.is_valid():
        run_service(request, _("Unit listed."), services.accession_items_add, actor=request.user,
                    accession=accession, items=[form.cleaned_data])
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return redirect("accessions:accession_detail", pk)


@office_view
@require_POST
def accession_items_import(request: HttpRequest, pk: int) -> HttpResponse:
    accession = _accession_for_write(request, pk)
    form = ItemsCsvForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a CSV file."))
        return redirect("accessions:accession_detail", pk)
    upload = form.cleaned_data["file"]
    if upload.size > 20 * 1024 * 1024:
        messages.error(request, _("The file is larger than 20 MB."))
        return redirect("accessions:accession_detail", pk)
    try:
        rows = services.parse_items_csv(upload.read())
        made = services.accession_items_add(actor=request.user, accession=accession, items=rows)
    except SERVICE_ERRORS as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(n)s units listed from the file.") % {"n": len(made)})
    return redirect("accessions:accession_detail", pk)


@office_view
@require_POST
def accession_item_remove(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    accession = _accession_for_write(request, pk)
    item = selectors.get_or_404(accession.items.all(), item_id)
    run_service(request, _("Unit removed from the act."), services.accession_item_remove, actor=request.user,
                item=item)
    return redirect("accessions:accession_detail", pk)


@office_view
@require_POST
def accession_receive(request: HttpRequest, pk: int) -> HttpResponse:
    accession = _accession_for_write(request, pk)
    run_service(request, _("Marked as received."), services.accession_receive, actor=request.user,
                accession=accession)
    return redirect("accessions:accession_detail", pk)


@office_view
@require_POST
def accession_process(request: HttpRequest, pk: int) -> HttpResponse:
    accession = _accession_for_write(request, pk)
    form = ProcessForm(request.POST)
    if form.is_valid():
        units = run_service(request, "", services.accession_process, actor=request.user, accession=accession,
                            **form.cleaned_data)
        if units:
            messages.success(request, _("Processed: %(n)s units created in holdings.") % {"n": len(units)})
    else:
        messages.error(request, _("Name the fonds and the inventory that receive the units."))
    return redirect("accessions:accession_detail", pk)


@office_view
@require_POST
def accession_reject(request: HttpRequest, pk: int) -> HttpResponse:
    accession = _accession_for_write(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        run_service(request, _("The act is rejected."), services.accession_reject, actor=request.user,
                    accession=accession, reason=form.cleaned_data["reason"])
    else:
        messages.error(request, _("Give the reason for the rejection."))
    return redirect("accessions:accession_detail", pk)


@office_view
@require_GET
def accession_act(request: HttpRequest, pk: int) -> HttpResponse:
    """The act as a PDF in Kazakh or Russian (?lang=kk|ru; the page language by default)."""
    from ..pdf import accession_act_pdf, pdf_language  # fpdf2 loads only for the requests that print

    accession = selectors.accession_detail(request.user, pk)
    language = pdf_language(request.GET.get("lang"), get_language())
    content = accession_act_pdf(accession, user=request.user, language=language)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="act-{accession.number}-{language}.pdf"'
    return response
