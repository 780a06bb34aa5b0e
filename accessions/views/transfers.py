"""Electronic transfers in the back office (status, errors, events, retry) and fixity alerts."""
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import selectors, services, workflows
from ..choices import TransferStatus
from ..forms import ResolveForm
from .base import current_archive, office_view, pager_context, require_handle, run_service


@office_view
@require_GET
def transfer_list(request: HttpRequest) -> HttpResponse:
    archive = current_archive(request)
    status = request.GET.get("status", "")
    if status not in TransferStatus.values:
        status = ""
    page = selectors.keyset_page(selectors.transfers(request.user, status=status, archive_id=archive.pk),
                                 request.GET.get("after"))
    open_alerts = selectors.fixity_alerts(request.user).filter(archive=archive).exists()
    return render(request, "accessions/transfer_list.html",
                  {"archive": archive, "status": status, "statuses": TransferStatus.choices,
                   "open_alerts": open_alerts, **pager_context(request, page)})


@office_view
@require_GET
def transfer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = selectors.transfer_detail(request.user, pk)
    return render(request, "accessions/transfer_detail.html", {
        "transfer": transfer,
        "events": list(transfer.events.all()),
        "files": selectors.transfer_files(transfer),
        "unit_count": len(selectors.transfer_unit_ids(transfer)),
        "can_retry": workflows.allowed("transfer", transfer.status, TransferStatus.UPLOADED),
    })


@office_view
@require_POST
def transfer_retry(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = selectors.transfer_detail(request.user, pk)
    require_handle(request, transfer.archive_id)
    run_service(request, _("The transfer is sent through the pipeline again."), services.transfer_retry,
                actor=request.user, transfer=transfer)
    return redirect("accessions:transfer_detail", pk)


@office_view
@require_GET
def fixity_alerts(request: HttpRequest) -> HttpResponse:
    show_all = request.GET.get("all") == "1"
    page = selectors.keyset_page(selectors.fixity_alerts(request.user, open_only=not show_all),
                                 request.GET.get("after"))
    return render(request, "accessions/fixity_alerts.html",
                  {"show_all": show_all, "resolve_form": ResolveForm(), "archive": current_archive(request),
                   **pager_context(request, page)})


@office_view
@require_POST
def fixity_alert_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    alert = selectors.get_or_404(selectors.fixity_alerts(request.user, open_only=False), pk)
    form = ResolveForm(request.POST)
    if form.is_valid():
        run_service(request, _("Alert resolved."), services.fixity_alert_resolve, actor=request.user, alert=alert,
                    resolution=form.cleaned_data["resolution"])
    return redirect("accessions:fixity_alerts")
