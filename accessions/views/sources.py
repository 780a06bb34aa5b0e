"""Sources of acquisition and their agency-system accounts."""
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import selectors, services
from ..forms import AgencyAccountForm, SourceForm
from ..models import AgencyAccount
from .base import current_archive, office_view, pager_context, require_handle, run_service


@office_view
@require_GET
def source_list(request: HttpRequest) -> HttpResponse:
    archive = current_archive(request)
    q = (request.GET.get("q") or "").strip()[:200]
    page = selectors.keyset_page(selectors.sources(request.user, archive_id=archive.pk, q=q), request.GET.get("after"))
    return render(request, "accessions/source_list.html", {"archive": archive, "q": q, **pager_context(request, page)})


@office_view
@require_http_methods(["GET", "POST"])
def source_create(request: HttpRequest) -> HttpResponse:
    archive = current_archive(request)
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        source = run_service(request, _("Source registered."), services.source_create, actor=request.user,
                             archive=archive, **data)
        if source:
            return redirect("accessions:source_detail", source.pk)
    return render(request, "accessions/source_form.html", {"form": form, "archive": archive})


@office_view
@require_http_methods(["GET", "POST"])
def source_edit(request: HttpRequest, pk: int) -> HttpResponse:
    source = selectors.source_detail(request.user, pk)
    form = SourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in form.changed_data}
        source.refresh_from_db()
        if run_service(request, _("Source saved."), services.source_update, actor=request.user, source=source, **data):
            return redirect("accessions:source_detail", pk)
    return render(request, "accessions/source_form.html", {"form": form, "source": source, "archive": source.archive})


@office_view
@require_GET
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = selectors.source_detail(request.user, pk)
    context = {
        "source": source,
        "accounts": list(source.accounts.select_related("user").order_by("id")),
        "accessions": list(source.accessions.order_by("-id")[:20]),
        "works": list(source.works.select_related("obligation").order_by("-id")[:20]),
        "transfers": list(source.transfers.order_by("-id")[:20]),
        "account_form": AgencyAccountForm(),
        "new_token": request.session.pop("accessions_new_token", None),
        "history": selectors.history("source", source.pk),
    }
    return render(request, "accessions/source_detail.html", context)


def _remember_token(request: HttpRequest, username: str, token: str) -> None:
    # Shown once on the next page; never stored anywhere but the token table.
    request.session["accessions_new_token"] = {"username": username, "token": token}


@office_view
@require_POST
def agency_account_create(request: HttpRequest, pk: int) -> HttpResponse:
    source = selectors.source_detail(request.user, pk)
    require_handle(request, source.archive_id)
    form = AgencyAccountForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the system a user name of letters, digits, - and _."))
        return redirect("accessions:source_detail", pk)
    result = run_service(request, _("System account created. Copy its token now: it is shown once."),
                         services.agency_account_create, actor=request.user, source=source,
                         username=form.cleaned_data["username"], email=form.cleaned_data["email"])
    if result:
        account, token = result
        _remember_token(request, account.user.username, token)
    return redirect("accessions:source_detail", pk)


def _account(request: HttpRequest, pk: int, account_id: int) -> AgencyAccount:
    source = selectors.source_detail(request.user, pk)
    require_handle(request, source.archive_id)
    return selectors.get_or_404(source.accounts.select_related("user"), account_id)


@office_view
@require_POST
def agency_account_toggle(request: HttpRequest, pk: int, account_id: int) -> HttpResponse:
    account = _account(request, pk, account_id)
    if account.active:
        run_service(request, _("System account disabled; its token no longer works."),
                    services.agency_account_set_active, actor=request.user, account=account, active=False)
        return redirect("accessions:source_detail", pk)
    # Disabling withdrew the token, and a system account has no password: enabled without a new
    # token it could not log in, so it gets one, shown once like at creation.
    if run_service(request, "", services.agency_account_set_active, actor=request.user, account=account,
                   active=True):
        token = run_service(request, _("System account enabled with a new token. Copy it now: it is shown once."),
                            services.agency_account_token_reset, actor=request.user, account=account)
        if token:
            _remember_token(request, account.user.username, token)
    return redirect("accessions:source_detail", pk)


@office_view
@require_POST
def agency_account_token(request: HttpRequest, pk: int, account_id: int) -> HttpResponse:
    account = _account(request, pk, account_id)
    token = run_service(request, _("New token made; the old one no longer works."),
                        services.agency_account_token_reset, actor=request.user, account=account)
    if token:
        _remember_token(request, account.user.username, token)
    return redirect("accessions:source_detail", pk)
