"""Back-office pages of appraisal (under /office/appraisal/). Thin: parse, call one service or
selector, render. Who may see what is decided by the base classes through permissions.py and the
selectors (a case outside one's scope is a 404)."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from holdings import access
from holdings.models import Archive

from . import forms, permissions, selectors, services
from .choices import ActStatus, CaseStatus, Outcome
from .models import (
    AppraisalCase,
    CaseUnit,
    CommissionMember,
    DestructionAct,
    ExpertCommission,
    RetentionSchedule,
)

PAGE = 50


def _after(request: HttpRequest) -> int | None:
    try:
        return int(request.GET.get("after", "")) or None
    except ValueError:
        return None


def _page(rows: list, request: HttpRequest, key=lambda r: r.pk) -> tuple[list, str | None]:
    """Keyset page: rows were fetched with PAGE + 1; the next link continues after the last shown."""
    if len(rows) <= PAGE:
        return rows, None
    rows = rows[:PAGE]
    params = request.GET.copy()
    params["after"] = key(rows[-1])
    return rows, f"{request.path}?{params.urlencode()}"


class AppraisalView(LoginRequiredMixin, View):
    """Base of every appraisal page: logged in, and someone the appraisal section is for."""

    section_check = True

    def dispatch(self, request, *args, **kwargs):
        if self.section_check and request.user.is_authenticated and not permissions.may_use_appraisal(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CaseView(AppraisalView):
    """A page or an action on one case: the case comes from the permission-filtered selector, so
    anyone outside its scope gets 404, whatever their role."""

    section_check = False

    def get_case(self) -> AppraisalCase:
        return selectors.case_for(self.request.user, self.kwargs["pk"])

    def back(self, case: AppraisalCase) -> HttpResponse:
        return redirect("appraisal:case_detail", pk=case.pk)


class CaseActionView(CaseView):
    """POST-only transition or action: calls `perform`, reports the result, returns to the case."""

    form_class = forms.CommentForm
    success_message = ""

    def perform(self, case: AppraisalCase, data: dict) -> None:
        raise NotImplementedError

    def post(self, request, pk):
        case = self.get_case()
        form = self.form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return self.back(case)
        try:
            self.perform(case, form.cleaned_data)
        except services.AppraisalError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, self.success_message)
        return self.back(case)


# ---------------------------------------------------------------- cases
class CaseListView(AppraisalView):
    def get(self, request):
        form = forms.CaseFilterForm(request.GET or None, user=request.user)
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        qs = selectors.cases_for(request.user, status=data.get("status", ""), archive_id=data.get("archive"),
                                 commission_id=data.get("commission"), awaiting_me=bool(data.get("awaiting")),
                                 q=data.get("q", ""))
        after = _after(request)
        if after:
            qs = qs.filter(id__lt=after)
        cases, next_url = _page(list(qs[:PAGE + 1]), request)
        return render(request, "appraisal/case_list.html", {
            "cases": cases, "form": form, "next_url": next_url,
            # One archive's cases (the usual page of an archivist): its name is in the sidebar already.
            "show_archive": len({case.archive_id for case in cases}) > 1,
            "previous_url": request.path if after else None,
            "may_create": permissions.may_create_cases(request.user)})


class CaseCreateView(AppraisalView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.may_create_cases(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, "appraisal/case_form.html", {"form": forms.CaseCreateForm(user=request.user)})

    def post(self, request):
        form = forms.CaseCreateForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = services.appraisal_case_create(
                    actor=request.user, archive=Archive.objects.get(pk=data["archive"]),
                    commission=data["commission"], title=data["title"], inventory=data["inventory"],
                    unit_ids=data["unit_ids"])
            except services.AppraisalError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Case %(number)s is drafted. Check the proposals, then submit it.")
                                 % {"number": case.number})
                return redirect("appraisal:case_detail", pk=case.pk)
        return render(request, "appraisal/case_form.html", {"form": form}, status=400)


class CaseDetailView(CaseView):
    def get(self, request, pk):
        case = self.get_case()
        user = request.user
        rights = permissions.case_rights(user, case)
        outcome = request.GET.get("outcome", "")
        outcome = outcome if outcome in Outcome.values else ""
        rows, next_url = _page(list(selectors.case_units(case, after=_after(request), outcome=outcome)[:PAGE + 1]),
                               request)
        for row in rows:
            row.shown_title = selectors.unit_title(user, row.unit)
        votes = selectors.case_votes(case)
        act = DestructionAct.objects.filter(case=case).first() if case.status in (
            CaseStatus.APPROVED, CaseStatus.EXECUTED) else None
        schedule = services.current_schedule()
        return render(request, "appraisal/case_detail.html", {
            "case": case, "rights": rights, "rows": rows, "next_url": next_url,
            "previous_url": f"{request.path}?{urlencode({'outcome': outcome})}" if _after(request) else None,
            "outcome": outcome, "outcomes": Outcome.choices, "counts": selectors.case_outcome_counts(case),
            "tally": selectors.case_tally(case), "votes": votes,
            "my_vote": next((v for v in votes if v.voter_id == user.pk), None),
            "objections": selectors.case_objections(case), "events": selectors.case_events(case), "act": act,
            "editable": rights.edit, "can": {name: services.allowed(name, case.status) for name in (
                "submit", "start_review", "approve", "return", "cancel", "vote", "object")},
            "proposal_form": forms.ProposalForm(), "units_form": forms.UnitsAddForm(case=case),
            "vote_form": forms.VoteForm(initial={"decision": "approve"}), "comment_form": forms.CommentForm(),
            "edit_form": forms.CaseEditForm(case=case, initial={"title": case.title, "commission": case.commission}),
            "schedule": schedule, "article_numbers": list(schedule.articles.order_by("sort_key").values_list(
                "number", flat=True)[:3000]) if schedule and rights.edit else [],
        })


class CaseEditView(CaseView):
    def post(self, request, pk):
        case = self.get_case()
        form = forms.CaseEditForm(request.POST, case=case)
        if form.is_valid():
            try:
                services.appraisal_case_update(actor=request.user, case=case, title=form.cleaned_data["title"],
                                               commission=form.cleaned_data["commission"])
            except services.AppraisalError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("The case is saved."))
        else:
            messages.error(request, _("Check the title and the commission."))
        return self.back(case)


class CaseUnitsAddView(CaseView):
    def post(self, request, pk):
        case = self.get_case()
        form = forms.UnitsAddForm(request.POST, case=case)
        if not form.is_valid():
            for error in form.non_field_errors() or [_("Give the fonds, inventory and unit numbers.")]:
                messages.error(request, error)
            return self.back(case)
        try:
            added = services.appraisal_case_units_add(actor=request.user, case=case,
                                                      unit_ids=form.cleaned_data["unit_ids"])
        except services.AppraisalError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Units added: %(n)d.") % {"n": added})
        return self.back(case)


class CaseProposalsView(CaseView):
    """The bulk form of the case page: change the ticked proposals, or remove those units."""

    def post(self, request, pk):
        case = self.get_case()
        form = forms.ProposalForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return self.back(case)
        ids = form.cleaned_data["units"]
        try:
            if request.POST.get("action") == "remove":
                n = services.appraisal_case_units_remove(actor=request.user, case=case, case_unit_ids=ids)
                messages.success(request, _("Units removed from the case: %(n)d.") % {"n": n})
            else:
                changes = form.changes()
                if not changes:
                    raise services.AppraisalError(_("Choose what to change."))
                n = services.appraisal_case_proposals_set(actor=request.user, case=case, case_unit_ids=ids,
                                                          **changes)
                messages.success(request, _("Proposals changed: %(n)d.") % {"n": n})
        except services.AppraisalError as exc:
            messages.error(request, str(exc))
        return self.back(case)


class CaseSubmitView(CaseActionView):
    def perform(self, case, data):
        services.appraisal_case_submit(actor=self.request.user, case=case)
        self.success_message = _("The case is submitted to the commission; its members are notified.")


class CaseStartReviewView(CaseActionView):
    def perform(self, case, data):
        services.appraisal_case_start_review(actor=self.request.user, case=case)
        self.success_message = _("The review is open: members can vote.")


class CaseVoteView(CaseActionView):
    form_class = forms.VoteForm

    def perform(self, case, data):
        services.appraisal_case_vote(actor=self.request.user, case=case, decision=data["decision"],
                                     comment=data["comment"])
        self.success_message = _("Your vote is recorded.")


class CaseApproveView(CaseActionView):
    def perform(self, case, data):
        services.appraisal_case_approve(actor=self.request.user, case=case, comment=data["comment"])
        self.success_message = _("The case is approved.")


class CaseReturnView(CaseActionView):
    def perform(self, case, data):
        services.appraisal_case_return(actor=self.request.user, case=case, comment=data["comment"])
        self.success_message = _("The case is returned to its author.")


class CaseCancelView(CaseActionView):
    def perform(self, case, data):
        services.appraisal_case_cancel(actor=self.request.user, case=case, comment=data["comment"])
        self.success_message = _("The case is cancelled; its units are free again.")


class CaseObjectView(CaseView):
    """A member's objection to one unit's proposal."""

    def get_case_unit(self, case) -> CaseUnit:
        return get_object_or_404(CaseUnit.objects.select_related("unit__inventory__fonds", "article"),
                                 case=case, pk=self.kwargs["unit_pk"])

    def render_form(self, case, case_unit, form, status=200):
        return render(self.request, "appraisal/objection_form.html", {
            "case": case, "row": case_unit, "form": form,
            "title": selectors.unit_title(self.request.user, case_unit.unit)}, status=status)

    def get(self, request, pk, unit_pk):
        case = self.get_case()
        return self.render_form(case, self.get_case_unit(case), forms.ObjectionForm())

    def post(self, request, pk, unit_pk):
        case = self.get_case()
        case_unit = self.get_case_unit(case)
        form = forms.ObjectionForm(request.POST)
        if form.is_valid():
            try:
                services.appraisal_case_object(actor=request.user, case=case, case_unit=case_unit,
                                               comment=form.cleaned_data["comment"])
            except services.AppraisalError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Your objection is recorded."))
                return self.back(case)
        return self.render_form(case, case_unit, form, status=400)


# ---------------------------------------------------------------- acts
class ActView(AppraisalView):
    section_check = False

    def get_act(self) -> DestructionAct:
        return selectors.act_for(self.request.user, self.kwargs["pk"])


class ActDetailView(ActView):
    def get(self, request, pk):
        act = self.get_act()
        items = selectors.act_items(act)
        if _after(request):
            items = items.filter(position__gt=_after(request))
        items, next_url = _page(list(items[:PAGE + 1]), request, key=lambda i: i.position)
        for item in items:
            view = access.unit_view(item.unit, request.user)
            item.shown_title = view.title if view.redacted else item.title
        rights = permissions.case_rights(request.user, act.case)
        return render(request, "appraisal/act_detail.html", {
            "act": act, "case": act.case, "items": items, "next_url": next_url,
            "previous_url": request.path if _after(request) else None,
            "may_execute": permissions.may_execute(request.user, act.case) and act.status == ActStatus.APPROVED,
            "may_amend": act.status == ActStatus.APPROVED and (rights.archivist or rights.chair or rights.secretary),
        })


class ActPdfView(ActView):
    def get(self, request, pk):
        act = self.get_act()
        language = request.GET.get("lang", "")
        if language not in ("kk", "ru"):
            language = "kk" if (request.LANGUAGE_CODE or "")[:2] == "kk" else "ru"
        from .pdf import act_pdf  # fpdf loads slowly; only PDF requests pay for it
        content = act_pdf(act, user=request.user, language=language)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="destruction-act-{act.number}-{language}.pdf"'
        return response


class ActAmendView(ActView):
    def render_form(self, act, form, status=200):
        return render(self.request, "appraisal/act_amend.html", {"act": act, "case": act.case, "form": form},
                      status=status)

    def get(self, request, pk):
        act = self.get_act()
        return self.render_form(act, forms.ActAmendForm(initial={
            "date": act.date, "legal_basis_ru": act.legal_basis_ru, "legal_basis_kk": act.legal_basis_kk}))

    def post(self, request, pk):
        act = self.get_act()
        form = forms.ActAmendForm(request.POST)
        if form.is_valid():
            try:
                services.destruction_act_amend(actor=request.user, act=act, **form.cleaned_data)
            except services.AppraisalError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The act is amended; the change is in the case history."))
                return redirect("appraisal:act_detail", pk=act.pk)
        return self.render_form(act, form, status=400)


class ActExecuteView(ActView):
    def post(self, request, pk):
        act = self.get_act()
        try:
            services.destruction_act_execute(actor=request.user, act=act)
        except services.AppraisalError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The act is executed: %(n)d units are marked destroyed and their files "
                                        "deleted.") % {"n": act.item_count})
        return redirect("appraisal:act_detail", pk=act.pk)


# ---------------------------------------------------------------- retention schedule
class ScheduleListView(AppraisalView):
    def get(self, request):
        return render(request, "appraisal/schedule_list.html", {
            "schedules": list(selectors.schedules()), "may_manage": permissions.may_manage_schedule(request.user),
            "may_assign": bool(permissions.archivist_archive_ids(request.user))})


class ScheduleDetailView(AppraisalView):
    def get(self, request, pk):
        schedule = get_object_or_404(RetentionSchedule, pk=pk)
        q = request.GET.get("q", "").strip()[:100]
        after_key = None
        if request.GET.get("after"):
            try:
                key, _sep, ident = request.GET["after"].partition(".")
                after_key = (int(key), int(ident))
            except ValueError:
                after_key = None
        rows, next_url = _page(list(selectors.articles(schedule, q=q, after_key=after_key)[:PAGE + 1]), request,
                               key=lambda a: f"{a.sort_key}.{a.pk}")
        return render(request, "appraisal/schedule_detail.html", {
            "schedule": schedule, "articles": rows, "q": q, "next_url": next_url,
            "previous_url": f"{request.path}?{urlencode({'q': q})}" if after_key else None,
            "may_manage": permissions.may_manage_schedule(request.user)})


class ScheduleMakeCurrentView(AppraisalView):
    def post(self, request, pk):
        if not permissions.may_manage_schedule(request.user):
            raise PermissionDenied
        schedule = get_object_or_404(RetentionSchedule, pk=pk)
        services.retention_schedule_make_current(actor=request.user, schedule=schedule)
        messages.success(request, _("This schedule is now the current one."))
        return redirect("appraisal:schedule_detail", pk=schedule.pk)


class ScheduleImportView(AppraisalView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.may_manage_schedule(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, "appraisal/schedule_import.html", {"form": forms.ScheduleImportForm()})

    def post(self, request):
        form = forms.ScheduleImportForm(request.POST, request.FILES)
        report = None
        if form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            try:
                if upload.size > services.schedule.MAX_BYTES:
                    raise services.AppraisalError(_("The file is larger than 5 MB."))
                report = services.retention_schedule_import(
                    actor=request.user, data=upload.read(), title_ru=data["title_ru"], title_kk=data["title_kk"],
                    order_number=data["order_number"], order_date=data["order_date"], issued_by=data["issued_by"],
                    make_current=data["make_current"], dry_run=data["dry_run"])
            except services.AppraisalError as exc:
                form.add_error("file", str(exc))
            else:
                if report.schedule is not None:
                    messages.success(request, _("The schedule is loaded: %(n)d articles.")
                                     % {"n": len(report.articles)})
                    return redirect("appraisal:schedule_detail", pk=report.schedule.pk)
        return render(request, "appraisal/schedule_import.html", {"form": form, "report": report},
                      status=200 if report is not None and report.ok else 400)


class ArticleAssignView(AppraisalView):
    """Sets the schedule article of an inventory, or of some of its units."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.archivist_archive_ids(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, "appraisal/article_assign.html", {"form": forms.ArticleAssignForm(user=request.user)})

    def post(self, request):
        form = forms.ArticleAssignForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            if data["unit_ids"]:
                services.unit_articles_set(actor=request.user, unit_ids=data["unit_ids"], article=data["article_obj"])
                messages.success(request, _("The article is set for %(n)d units.") % {"n": len(data["unit_ids"])})
            else:
                services.inventory_article_set(actor=request.user, inventory=data["inventory"],
                                               article=data["article_obj"])
                messages.success(request, _("The article of the inventory is set."))
            return redirect("appraisal:article_assign")
        return render(request, "appraisal/article_assign.html", {"form": form}, status=400)


# ---------------------------------------------------------------- commissions
class CommissionListView(AppraisalView):
    def get(self, request):
        commissions = list(selectors.commissions_for(request.user)[:500])
        return render(request, "appraisal/commission_list.html", {
            "commissions": commissions,
            "show_archive": len({c.archive_id for c in commissions if c.archive_id}) > 1,
            "may_create": permissions.is_administrator(request.user)
            or bool(permissions.archivist_archive_ids(request.user))})


class CommissionCreateView(AppraisalView):
    def get(self, request):
        return render(request, "appraisal/commission_form.html", {"form": forms.CommissionForm(user=request.user)})

    def post(self, request):
        form = forms.CommissionForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                commission = services.commission_create(
                    actor=request.user, name=data["name"], name_kk=data["name_kk"], kind=data["kind"],
                    archive=Archive.objects.filter(pk=data["archive"]).first() if data["archive"] else None,
                    chair=data["chair"], secretary=data["secretary"], members=list(data["members"]),
                    quorum_percent=data["quorum_percent"], quorum_min=data["quorum_min"])
            except services.AppraisalError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The commission is set up."))
                return redirect("appraisal:commission_detail", pk=commission.pk)
        return render(request, "appraisal/commission_form.html", {"form": form}, status=400)


class CommissionDetailView(AppraisalView):
    def get_commission(self) -> ExpertCommission:
        try:
            return selectors.commissions_for(self.request.user).get(pk=self.kwargs["pk"])
        except ExpertCommission.DoesNotExist as exc:
            raise Http404 from exc

    def get(self, request, pk, edit_form=None):
        commission = self.get_commission()
        manage = permissions.may_manage_commission(request.user, commission)
        return render(request, "appraisal/commission_detail.html", {
            "commission": commission, "members": selectors.commission_members(commission), "may_manage": manage,
            "edit_form": edit_form or (forms.CommissionEditForm(initial={
                "name": commission.name, "name_kk": commission.name_kk, "chair": commission.chair,
                "secretary": commission.secretary, "quorum_percent": commission.quorum_percent,
                "quorum_min": commission.quorum_min, "is_active": commission.is_active}) if manage else None),
            "member_form": forms.MemberAddForm(commission=commission) if manage else None,
        })

    def post(self, request, pk):
        commission = self.get_commission()
        form = forms.CommissionEditForm(request.POST)
        if form.is_valid():
            try:
                services.commission_update(actor=request.user, commission=commission, **form.cleaned_data)
            except services.AppraisalError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("The commission is saved."))
            return redirect("appraisal:commission_detail", pk=commission.pk)
        return self.get(request, pk, edit_form=form)


class CommissionMemberAddView(CommissionDetailView):
    def post(self, request, pk):
        commission = self.get_commission()
        form = forms.MemberAddForm(request.POST, commission=commission)
        if form.is_valid():
            try:
                services.commission_member_add(actor=request.user, commission=commission,
                                               user=form.cleaned_data["user"])
            except services.AppraisalError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("The member is added."))
        else:
            messages.error(request, _("Choose an expert."))
        return redirect("appraisal:commission_detail", pk=commission.pk)


class CommissionMemberRemoveView(CommissionDetailView):
    def post(self, request, pk, user_pk):
        commission = self.get_commission()
        member = get_object_or_404(CommissionMember.objects.select_related("user"), commission=commission,
                                   user_id=user_pk)
        try:
            services.commission_member_remove(actor=request.user, commission=commission, user=member.user)
        except services.AppraisalError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The member is removed."))
        return redirect("appraisal:commission_detail", pk=commission.pk)


# ---------------------------------------------------------------- insurance copies
class InsuranceView(LoginRequiredMixin, View):
    def get(self, request):
        ids = permissions.insurance_archive_ids(request.user)
        if not ids:
            raise PermissionDenied
        form = forms.InsuranceFilterForm(request.GET or None, user=request.user)
        archive_id = form.cleaned_data["archive"] if form.is_bound and form.is_valid() else min(ids)
        units, next_url = _page(list(selectors.insurance_units(request.user, archive_id, after=_after(request))
                                     [:PAGE + 1]), request)
        for unit in units:
            unit.shown_title = selectors.unit_title(request.user, unit)
        return render(request, "appraisal/insurance.html", {
            "form": form, "units": units, "next_url": next_url, "archive": Archive.objects.get(pk=archive_id),
            "previous_url": f"{request.path}?{urlencode({'archive': archive_id})}" if _after(request) else None})

