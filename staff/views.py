"""Back-office pages of the staff app (under /office/staff/). Thin: parse, call a selector or a
service, render. Every page is for administrators; the base classes below enforce it."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from holdings import access
from holdings.choices import StaffRole

from . import charts, exports, permissions, selectors, services
from .calculation import Inputs, calculate
from .choices import ReportFormat
from .forms import (
    AppointmentForm,
    DownloadForm,
    PositionForm,
    ReportForm,
    RightGrantForm,
    RightRevokeForm,
    RuleForm,
    RuralStatusForm,
    SalaryForm,
    ScopeForm,
    StaffFilterForm,
    StaffMemberCreateForm,
    StaffMemberUpdateForm,
    TrainingForm,
)
from .models import ArchiveRuralPeriod, Position
from .reports import Period, build_report

PAGE_SIZE = 50


class AdministratorView(View):
    """Base of every staff page: anonymous users go to the login page, others need to be administrators."""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.is_administrator(request.user):
            raise PermissionDenied
        self.scope = permissions.admin_scope(request.user)
        return super().dispatch(request, *args, **kwargs)

    def page(self, template: str, context: dict, status: int = 200) -> HttpResponse:
        """Renders a staff page with the administrator's scope, which every page names."""
        return render(self.request, template, {
            **context, "staff_scope_national": self.scope.national, "staff_scope_region": self.scope.region},
            status=status)


class NationalAdministratorView(AdministratorView):
    """Pages that change what applies to the whole country: rules, positions, administrators' scopes."""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated and permissions.is_administrator(request.user) \
                and not permissions.is_national_administrator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _page_links(request: HttpRequest, page) -> dict:
    def link(number: int) -> str:
        params = request.GET.copy()
        params["page"] = str(number)
        return "?" + params.urlencode()

    return {"next_url": link(page.next_page_number()) if page.has_next() else "",
            "previous_url": link(page.previous_page_number()) if page.has_previous() else ""}


def _form_errors_from(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# ---------------------------------------------------------------- staff members
class MemberListView(AdministratorView):
    def get(self, request: HttpRequest) -> HttpResponse:
        form = StaffFilterForm(request.GET or None, user=request.user)
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        today = timezone.localdate()
        status = data.get("status") or "current"
        qs = selectors.staff_member_list(user=request.user, archive=data.get("archive"), region=data.get("region"),
                                         position=data.get("position"), query=data.get("q", ""),
                                         employed_on=today if status == "current" else None)
        if status == "former":
            qs = qs.filter(employment_end__lt=today)
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        return self.page("staff/member_list.html", {
            "form": form, "page": page, "members": page.object_list, "today": today, **_page_links(request, page)})


class MemberCreateView(AdministratorView):
    template_name = "staff/form_page.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        initial = {"employment_start": timezone.localdate()}
        if request.GET.get("archive"):
            initial["archive"] = request.GET["archive"]
        return self._render(StaffMemberCreateForm(user=request.user, initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = StaffMemberCreateForm(request.POST, user=request.user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                member = services.staff_member_create(
                    actor=request.user, last_name=d["last_name"], first_name=d["first_name"],
                    middle_name=d["middle_name"], iin=d["iin"], archive=d["archive"], position=d["position"],
                    rate=d["rate"], employment_start=d["employment_start"], employment_end=d["employment_end"],
                    base_salary=d["base_salary"], user=d["account"], basis=d["basis"])
            except ValidationError as exc:
                _form_errors_from(form, exc)
            else:
                messages.success(request, _("Staff member %(name)s added.") % {"name": member.full_name})
                return redirect("staff:member_detail", pk=member.pk)
        return self._render(form)

    def _render(self, form) -> HttpResponse:
        return self.page(self.template_name, {
            "form": form, "title": _("Add a staff member"), "submit": _("Add"), "cancel_url": reverse("staff:member_list")})


class MemberDetailView(AdministratorView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        member = selectors.staff_member_get(user=request.user, pk=pk)
        # Any month can be explained (the report links here with its month); the current one by default.
        try:
            month = Period.parse_month(request.GET.get("month", "")).first
        except ValueError:
            month = timezone.localdate().replace(day=1)
        inputs = Inputs(members=[member], appointments=list(member.appointments.all()),
                        salaries=list(member.salaries.all()),
                        rural_periods=list(ArchiveRuralPeriod.objects.filter(archive_id=member.archive_id)),
                        rules=list(selectors.rule_list()))
        lines = calculate(inputs, [month])
        rural_today = selectors.rural_status_on(archives=[member.archive], day=timezone.localdate())[member.archive_id]
        roles = [StaffRole(r).label for r in sorted(access.staff_roles(member.user).get(member.archive_id, set()))
                 ] if member.user else []
        trainings = list(member.trainings.all())
        return self.page("staff/member_detail.html", {
            "member": member, "lines": lines, "month": month, "month_value": f"{month:%Y-%m}",
            "line_total": sum(ln.amount for ln in lines),
            "rural_today": rural_today, "roles": roles, "trainings": trainings,
            "training_hours": sum(t.hours for t in trainings),
            "report_url": reverse("staff:report") + "?" + urlencode({"period": "month", "month": f"{month:%Y-%m}",
                                                                     "archive": member.archive_id})})


class MemberUpdateView(AdministratorView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        member = selectors.staff_member_for_update(user=request.user, pk=pk)
        return self._render(member, StaffMemberUpdateForm(member=member))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        member = selectors.staff_member_for_update(user=request.user, pk=pk)
        form = StaffMemberUpdateForm(request.POST, member=member)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.staff_member_update(actor=request.user, member=member, last_name=d["last_name"],
                                             first_name=d["first_name"], middle_name=d["middle_name"], iin=d["iin"],
                                             employment_end=d["employment_end"], user=d["account"])
            except ValidationError as exc:
                _form_errors_from(form, exc)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("staff:member_detail", pk=member.pk)
        return self._render(member, form)

    def _render(self, member, form) -> HttpResponse:
        return self.page("staff/form_page.html", {
            "form": form, "member": member, "title": _("Edit %(name)s") % {"name": member.full_name},
            "submit": _("Save"), "cancel_url": reverse("staff:member_detail", args=[member.pk])})


class _MemberRecordView(AdministratorView):
    """A dated record added to a staff member: a position or rate, a salary, a training."""

    form_class: type
    title = ""
    success = ""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        member = selectors.staff_member_for_update(user=request.user, pk=pk)
        return self._render(member, self.form_class(initial=self.initial(member)))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        member = selectors.staff_member_for_update(user=request.user, pk=pk)
        form = self.form_class(request.POST, request.FILES)
        if form.is_valid():
            try:
                self.save(member, form.cleaned_data)
            except ValidationError as exc:
                _form_errors_from(form, exc)
            else:
                messages.success(request, str(self.success))
                return redirect("staff:member_detail", pk=member.pk)
        return self._render(member, form)

    def initial(self, member) -> dict:
        return {"valid_from": timezone.localdate()}

    def save(self, member, data: dict) -> None:
        raise NotImplementedError

    def _render(self, member, form) -> HttpResponse:
        return self.page("staff/form_page.html", {
            "form": form, "member": member, "title": f"{self.title}: {member.full_name}", "submit": _("Save"),
            "multipart": True, "cancel_url": reverse("staff:member_detail", args=[member.pk])})


class AppointmentCreateView(_MemberRecordView):
    form_class = AppointmentForm
    title = _("New position or rate")
    success = _("The appointment is recorded.")

    def initial(self, member) -> dict:
        return {"valid_from": timezone.localdate(), "position": member.position_id, "rate": member.rate}

    def save(self, member, data: dict) -> None:
        services.appointment_set(actor=self.request.user, member=member, valid_from=data["valid_from"],
                                 position=data["position"], rate=data["rate"], basis=data["basis"])


class SalaryCreateView(_MemberRecordView):
    form_class = SalaryForm
    title = _("New base salary")
    success = _("The base salary is recorded.")

    def save(self, member, data: dict) -> None:
        services.salary_set(actor=self.request.user, member=member, valid_from=data["valid_from"],
                            base_salary=data["base_salary"], basis=data["basis"])


class TrainingCreateView(_MemberRecordView):
    form_class = TrainingForm
    title = _("Training record")
    success = _("The training is recorded.")

    def initial(self, member) -> dict:
        return {}

    def save(self, member, data: dict) -> None:
        services.training_record_create(
            actor=self.request.user, member=member, program=data["program"], provider=data["provider"],
            start_date=data["start_date"], end_date=data["end_date"], hours=data["hours"],
            certificate_number=data["certificate_number"], certificate_file=data.get("certificate_file") or None)


class TrainingCertificateView(AdministratorView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        training = selectors.training_get(user=request.user, pk=pk)
        if not training.certificate_file:
            raise Http404
        name = training.certificate_file.name.rsplit("/", 1)[-1]
        return FileResponse(training.certificate_file.open("rb"), as_attachment=True, filename=name)


# ---------------------------------------------------------------- reports
def _report_request(request: HttpRequest, form) -> tuple[Period, object, object] | None:
    if not form.is_valid():
        return None
    d = form.cleaned_data
    return d["report_period"], d.get("archive"), d.get("region")


class ReportView(AdministratorView):
    def get(self, request: HttpRequest) -> HttpResponse:
        params = request.GET.copy() if request.GET else None
        form = ReportForm(params, user=request.user, initial={"month": f"{timezone.localdate():%Y-%m}",
                                                              "year": timezone.localdate().year})
        parsed = _report_request(request, form) if form.is_bound else (Period.current_month(), None, None)
        context: dict = {"form": form}
        if parsed:
            period, archive, region = parsed
            report = build_report(user=request.user, period=period, archive=archive, region=region)
            page = Paginator(report.entitled, PAGE_SIZE).get_page(request.GET.get("page"))
            query = {**period.query, **({"archive": archive.pk} if archive else {}),
                     **({"region": region.pk} if region else {})}
            context.update({
                "report": report, "entitled_page": page, **_page_links(request, page),
                "region_chart": charts.data_uri(charts.region_chart(report)),
                "month_chart": charts.data_uri(charts.month_chart(report)),
                "downloads": [(fmt, lang, reverse("staff:report_download") + "?" + urlencode(
                    {**query, "format": fmt, "lang": lang})) for fmt in ReportFormat.values for lang in ("kk", "ru")],
            })
        return self.page("staff/report.html", context)


class ReportDownloadView(AdministratorView):
    def get(self, request: HttpRequest) -> HttpResponse:
        form = DownloadForm(request.GET, user=request.user)
        parsed = _report_request(request, form)
        if parsed is None:
            if any(f in form.errors for f in ("archive", "region")):
                raise Http404
            return HttpResponse(_("The report parameters are not valid."), status=400, content_type="text/plain")
        period, archive, region = parsed
        fmt = form.cleaned_data["format"]
        lang = form.cleaned_data.get("lang") or translation.get_language() or "ru"
        with translation.override(lang):
            report = build_report(user=request.user, period=period, archive=archive, region=region)
            if fmt == ReportFormat.XLSX:
                body = exports.report_xlsx(report)
                ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            elif fmt == ReportFormat.CSV:
                body, ctype = exports.report_csv(report), "text/csv; charset=utf-8"
            else:
                body, ctype = exports.report_pdf(report), "application/pdf"
            name = exports.filename(report, fmt)
        response = HttpResponse(body, content_type=ctype)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


# ---------------------------------------------------------------- staff rights per archive
class RightsView(AdministratorView):
    def get(self, request: HttpRequest) -> HttpResponse:
        initial = {"archive": request.GET["archive"]} if request.GET.get("archive", "").isdigit() else {}
        return self._render(RightGrantForm(user=request.user, initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = RightGrantForm(request.POST, user=request.user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.staff_right_grant(actor=request.user, user=d["account"], archive=d["archive"], role=d["role"])
            except ValidationError as exc:
                _form_errors_from(form, exc)
            else:
                messages.success(request, _("Role granted."))
                return redirect("staff:rights")
        return self._render(form)

    def _render(self, form) -> HttpResponse:
        archive = None
        if self.request.GET.get("archive", "").isdigit():
            archive = selectors.archive_get(user=self.request.user, pk=int(self.request.GET["archive"]))
        rows = selectors.staff_rights(user=self.request.user, archive=archive)
        return self.page("staff/rights.html", {"form": form, "rows": rows, "archive": archive})


class RightRevokeView(AdministratorView):
    def post(self, request: HttpRequest) -> HttpResponse:
        form = RightRevokeForm(request.POST, user=request.user)
        if not form.is_valid():
            raise Http404
        d = form.cleaned_data
        services.staff_right_revoke(actor=request.user, user=d["user"], archive=d["archive"], role=d["role"])
        messages.success(request, _("Role revoked."))
        return redirect("staff:rights")


# ---------------------------------------------------------------- archives' rural status
class ArchiveListView(AdministratorView):
    def get(self, request: HttpRequest) -> HttpResponse:
        archives = selectors.archive_list_with_status(user=request.user)
        return self.page("staff/archive_list.html", {"archives": archives, "today": timezone.localdate()})


class ArchiveRuralView(AdministratorView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        archive = selectors.archive_get(user=request.user, pk=pk)
        return self._render(archive, RuralStatusForm(initial={"valid_from": timezone.localdate()}))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        archive = selectors.archive_get(user=request.user, pk=pk)
        form = RuralStatusForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            services.archive_rural_status_set(actor=request.user, archive=archive, is_rural=d["status"] == "rural",
                                              valid_from=d["valid_from"], basis=d["basis"])
            messages.success(request, _("The archive's status is recorded."))
            return redirect("staff:archive_rural", pk=archive.pk)
        return self._render(archive, form)

    def _render(self, archive, form) -> HttpResponse:
        periods = list(ArchiveRuralPeriod.objects.filter(archive=archive).select_related("created_by")
                       .order_by("-valid_from"))
        today = timezone.localdate()
        current = next((p.is_rural for p in periods if p.valid_from <= today), archive.is_rural)
        return self.page("staff/archive_rural.html", {
            "archive": archive, "periods": periods, "form": form, "rural_today": current,
            "earliest": services.EARLIEST})


# ---------------------------------------------------------------- positions, rules, scopes
class PositionListView(AdministratorView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(PositionForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if not permissions.is_national_administrator(request.user):
            raise PermissionDenied
        form = PositionForm(request.POST)
        if form.is_valid():
            try:
                services.position_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _form_errors_from(form, exc)
            else:
                messages.success(request, _("Position saved."))
                return redirect("staff:position_list")
        return self._render(form)

    def _render(self, form) -> HttpResponse:
        return self.page("staff/positions.html", {
            "positions": selectors.position_list(), "form": form,
            "may_edit": permissions.is_national_administrator(self.request.user)})


class PositionUpdateView(NationalAdministratorView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        position = get_object_or_404(Position, pk=pk)
        form = PositionForm(initial={f: getattr(position, f) for f in PositionForm.base_fields})
        return self._render(position, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        position = get_object_or_404(Position, pk=pk)
        form = PositionForm(request.POST)
        if form.is_valid():
            try:
                services.position_update(actor=request.user, position=position, **form.cleaned_data)
            except ValidationError as exc:
                _form_errors_from(form, exc)
            else:
                messages.success(request, _("Position saved."))
                return redirect("staff:position_list")
        return self._render(position, form)

    def _render(self, position, form) -> HttpResponse:
        return self.page("staff/form_page.html", {
            "form": form, "title": _("Position: %(title)s") % {"title": position.title}, "submit": _("Save"),
            "cancel_url": reverse("staff:position_list"),
            "note": _("Whether a position is a specialist one applies to every month, past ones included.")})


class RuleListView(AdministratorView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(RuleForm(initial={"valid_from": timezone.localdate(), "percent": "25"}))

    def post(self, request: HttpRequest) -> HttpResponse:
        if not permissions.is_national_administrator(request.user):
            raise PermissionDenied
        form = RuleForm(request.POST)
        if form.is_valid():
            services.allowance_rule_set(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Allowance rule saved."))
            return redirect("staff:rule_list")
        return self._render(form)

    def _render(self, form) -> HttpResponse:
        rules = list(selectors.rule_list())
        today = timezone.localdate()
        current = next((r for r in rules if r.valid_from <= today), None)
        return self.page("staff/rules.html", {
            "rules": rules, "current": current, "form": form,
            "may_edit": permissions.is_national_administrator(self.request.user)})


class ScopeListView(NationalAdministratorView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(ScopeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ScopeForm(request.POST)
        if form.is_valid():
            try:
                services.administrator_scope_set(actor=request.user, user=form.cleaned_data["account"],
                                                 region=form.cleaned_data["region"])
            except ValidationError as exc:
                _form_errors_from(form, exc)
            else:
                messages.success(request, _("Administrator scope saved."))
                return redirect("staff:scope_list")
        return self._render(form)

    def _render(self, form) -> HttpResponse:
        return self.page("staff/scopes.html", {"scopes": selectors.scope_list(), "form": form})
