"""Forms of the appraisal back office. They parse input only; the services decide."""
from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from holdings.choices import ValueCategory
from holdings.models import Archive, Inventory

from . import permissions, selectors, services
from .choices import CaseScope, CaseStatus, CommissionKind, Outcome, VoteDecision
from .models import ExpertCommission, ScheduleArticle

User = get_user_model()


class DateInput(forms.DateInput):
    input_type = "date"


def _archive_choices(ids) -> list[tuple[int, str]]:
    return [(a.pk, a.name) for a in Archive.objects.filter(pk__in=ids).order_by("code")]


class InventoryRefMixin:
    """Finds an inventory of the chosen archive by fonds and inventory numbers."""

    def resolve_inventory(self, archive_id: int, fonds_number: str, inventory_number: str) -> Inventory:
        inventory = (Inventory.objects.select_related("fonds")
                     .filter(archive_id=archive_id, fonds__number=fonds_number.strip(),
                             number=inventory_number.strip()).first())
        if inventory is None:
            raise forms.ValidationError(_("There is no inventory %(inventory)s in fonds %(fonds)s of this archive.")
                                        % {"inventory": inventory_number, "fonds": fonds_number})
        return inventory


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Number or title"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": "2026-7"}))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *CaseStatus.choices])
    archive = forms.TypedChoiceField(label=_("Archive"), required=False, coerce=int, empty_value=None)
    commission = forms.TypedChoiceField(label=_("Commission"), required=False, coerce=int, empty_value=None)
    awaiting = forms.BooleanField(label=_("Awaiting my vote"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        ids = permissions.archivist_archive_ids(user)
        if len(ids) < 2:
            del self.fields["archive"]
        else:
            self.fields["archive"].choices = [("", _("All archives")), *_archive_choices(ids)]
        commissions = [(c.pk, c.local_name) for c in selectors.commissions_of_cases(user)[:200]]
        if len(commissions) < 2:
            del self.fields["commission"]
        else:
            self.fields["commission"].choices = [("", _("All commissions")), *commissions]


class CaseCreateForm(InventoryRefMixin, forms.Form):
    archive = forms.TypedChoiceField(label=_("Archive"), coerce=int)
    commission = forms.ModelChoiceField(label=_("Expert commission"), queryset=ExpertCommission.objects.none())
    title = forms.CharField(label=_("Title"), max_length=500)
    scope = forms.ChoiceField(label=_("Scope"), choices=CaseScope.choices, widget=forms.RadioSelect,
                              initial=CaseScope.INVENTORY)
    fonds_number = forms.CharField(label=_("Fonds number"), max_length=20)
    inventory_number = forms.CharField(label=_("Inventory number"), max_length=20)
    unit_numbers = forms.CharField(label=_("Unit numbers"), required=False, max_length=5000,
                                   help_text=_("For selected units only: numbers and ranges, e.g. 1, 4, 10-25."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        ids = permissions.archivist_archive_ids(user)
        self.fields["archive"].choices = _archive_choices(ids)
        from django.db.models import Q

        self.fields["commission"].queryset = ExpertCommission.objects.filter(is_active=True).filter(
            Q(archive_id__in=ids) | Q(kind=CommissionKind.CENTRAL)).select_related("archive").order_by("kind", "name")
        self.fields["commission"].label_from_instance = lambda c: (
            f"{c.local_name} ({c.get_kind_display()})" if not c.archive else f"{c.local_name} — {c.archive.name}")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        inventory = self.resolve_inventory(data["archive"], data["fonds_number"], data["inventory_number"])
        data["inventory"], data["unit_ids"] = inventory, []
        if data["scope"] == CaseScope.UNITS:
            try:
                data["unit_ids"] = services.units_by_numbers(inventory=inventory, numbers=data["unit_numbers"])
            except services.AppraisalError as exc:
                raise forms.ValidationError(str(exc)) from exc
            data["inventory"] = None
        return data


class CaseEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    commission = forms.ModelChoiceField(label=_("Expert commission"), queryset=ExpertCommission.objects.none())

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commission"].queryset = selectors.commissions_for_case(case.archive_id)
        self.fields["commission"].label_from_instance = lambda c: c.local_name


class UnitsAddForm(InventoryRefMixin, forms.Form):
    fonds_number = forms.CharField(label=_("Fonds number"), max_length=20)
    inventory_number = forms.CharField(label=_("Inventory number"), max_length=20)
    unit_numbers = forms.CharField(label=_("Unit numbers"), max_length=5000,
                                   help_text=_("Numbers and ranges, e.g. 1, 4, 10-25."))

    def __init__(self, *args, case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        inventory = self.resolve_inventory(self.case.archive_id, data["fonds_number"], data["inventory_number"])
        try:
            data["unit_ids"] = services.units_by_numbers(inventory=inventory, numbers=data["unit_numbers"])
        except services.AppraisalError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return data


KEEP = "keep"


class ProposalForm(forms.Form):
    """Sets the proposal of the units ticked on the case page; empty fields leave things as they are."""

    units = forms.TypedMultipleChoiceField(coerce=int, required=True, error_messages={
        "required": _("Tick the units to change.")})
    outcome = forms.ChoiceField(label=_("Proposed outcome"), required=False,
                                choices=[("", _("— unchanged —")), *Outcome.choices])
    retention_years = forms.IntegerField(label=_("Years"), required=False, min_value=1, max_value=999)
    article = forms.CharField(label=_("Schedule article"), required=False, max_length=20,
                              help_text=_("The article number in the current schedule; «-» removes it."))
    value_category = forms.ChoiceField(label=_("Value category"), required=False, choices=[
        (KEEP, _("— unchanged —")), ("", _("Leave the unit's category")), *ValueCategory.choices])
    remove = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Ids are checked against the case by the service; any number is acceptable here.
        self.fields["units"].valid_value = lambda value: True

    def clean_article(self) -> ScheduleArticle | None | object:
        number = self.cleaned_data["article"].strip()
        if not number:
            return services.UNSET
        if number == "-":
            return None
        try:
            return services.article_by_number(number)
        except services.AppraisalError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def changes(self) -> dict:
        data = self.cleaned_data
        out: dict = {}
        if data["outcome"]:
            out["outcome"] = data["outcome"]
            if data["retention_years"]:
                out["retention_years"] = data["retention_years"]
        elif data["retention_years"]:
            out["retention_years"] = data["retention_years"]
        if data["article"] is not services.UNSET:
            out["article"] = data["article"]
        if data["value_category"] != KEEP:
            out["value_category"] = data["value_category"]
        return out


class VoteForm(forms.Form):
    decision = forms.ChoiceField(label=_("Your vote"), choices=VoteDecision.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=4000, widget=forms.Textarea(
        attrs={"rows": 3}))


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ObjectionForm(forms.Form):
    comment = forms.CharField(label=_("Your objection"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class ActAmendForm(forms.Form):
    date = forms.DateField(label=_("Act date"), widget=DateInput)
    legal_basis_ru = forms.CharField(label=_("Legal basis (Russian)"), widget=forms.Textarea(attrs={"rows": 4}))
    legal_basis_kk = forms.CharField(label=_("Legal basis (Kazakh)"), widget=forms.Textarea(attrs={"rows": 4}))


class ScheduleImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_(
        "UTF-8, comma or semicolon separated; columns: article, document_type_ru, document_type_kk, retention, "
        "notes."))
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=500)
    title_kk = forms.CharField(label=_("Title (Kazakh)"), max_length=500)
    order_number = forms.CharField(label=_("Order number"), max_length=50)
    order_date = forms.DateField(label=_("Order date"), widget=DateInput)
    issued_by = forms.CharField(label=_("Issued by"), max_length=300, required=False)
    make_current = forms.BooleanField(label=_("Make it the current schedule"), required=False, initial=True)
    dry_run = forms.BooleanField(label=_("Only check the file (dry run)"), required=False, initial=True)


class ArticleAssignForm(InventoryRefMixin, forms.Form):
    archive = forms.TypedChoiceField(label=_("Archive"), coerce=int)
    fonds_number = forms.CharField(label=_("Fonds number"), max_length=20)
    inventory_number = forms.CharField(label=_("Inventory number"), max_length=20)
    unit_numbers = forms.CharField(label=_("Unit numbers"), required=False, max_length=5000,
                                   help_text=_("Empty: the article applies to the whole inventory."))
    article = forms.CharField(label=_("Schedule article"), required=False, max_length=20,
                              help_text=_("Empty: remove the article."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["archive"].choices = _archive_choices(permissions.archivist_archive_ids(user))

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        data["inventory"] = self.resolve_inventory(data["archive"], data["fonds_number"], data["inventory_number"])
        try:
            data["article_obj"] = services.article_by_number(data["article"]) if data["article"].strip() else None
            data["unit_ids"] = (services.units_by_numbers(inventory=data["inventory"], numbers=data["unit_numbers"])
                                if data["unit_numbers"].strip() else [])
        except services.AppraisalError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return data


def experts_queryset():
    return User.objects.filter(groups__name=Role.EXPERT, is_active=True).order_by("last_name", "first_name", "id")


class ExpertChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name} ({obj.username})"


class ExpertMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name} ({obj.username})"


class CommissionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    name_kk = forms.CharField(label=_("Name in Kazakh"), max_length=300, required=False,
                              help_text=_("For Kazakh pages and the Kazakh destruction act."))
    kind = forms.ChoiceField(label=_("Kind"), choices=CommissionKind.choices)
    archive = forms.TypedChoiceField(label=_("Archive"), coerce=int, required=False, empty_value=None)
    chair = ExpertChoiceField(label=_("Chair"), queryset=User.objects.none())
    secretary = ExpertChoiceField(label=_("Secretary"), queryset=User.objects.none())
    members = ExpertMultipleChoiceField(label=_("Other members"), queryset=User.objects.none(), required=False,
                                        widget=forms.CheckboxSelectMultiple)
    quorum_percent = forms.IntegerField(label=_("Quorum, per cent of members"), min_value=1, max_value=100, initial=50)
    quorum_min = forms.IntegerField(label=_("Quorum, minimum members"), min_value=1, max_value=100, initial=2)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        ids = Archive.objects.values_list("pk", flat=True) if permissions.is_administrator(user) \
            else permissions.archivist_archive_ids(user)
        self.fields["archive"].choices = [("", _("— none (central commission) —")), *_archive_choices(ids)]
        for name in ("chair", "secretary", "members"):
            self.fields[name].queryset = experts_queryset()
        if not permissions.is_administrator(user):
            self.fields["kind"].choices = [c for c in CommissionKind.choices if c[0] != CommissionKind.CENTRAL]


class CommissionEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    name_kk = forms.CharField(label=_("Name in Kazakh"), max_length=300, required=False,
                              help_text=_("For Kazakh pages and the Kazakh destruction act."))
    chair = ExpertChoiceField(label=_("Chair"), queryset=User.objects.none())
    secretary = ExpertChoiceField(label=_("Secretary"), queryset=User.objects.none())
    quorum_percent = forms.IntegerField(label=_("Quorum, per cent of members"), min_value=1, max_value=100)
    quorum_min = forms.IntegerField(label=_("Quorum, minimum members"), min_value=1, max_value=100)
    is_active = forms.BooleanField(label=_("Active"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("chair", "secretary"):
            self.fields[name].queryset = experts_queryset()


class MemberAddForm(forms.Form):
    user = ExpertChoiceField(label=_("Expert"), queryset=User.objects.none())

    def __init__(self, *args, commission, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import CommissionMember

        self.fields["user"].queryset = experts_queryset().exclude(
            pk__in=CommissionMember.objects.filter(commission=commission).values("user_id"))


class InsuranceFilterForm(forms.Form):
    archive = forms.TypedChoiceField(label=_("Archive"), coerce=int)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["archive"].choices = _archive_choices(permissions.insurance_archive_ids(user))
