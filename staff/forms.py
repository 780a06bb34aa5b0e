"""Forms of the staff back office. Choice lists are limited to the administrator's scope."""
from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from accounts.validators import validate_iin
from holdings.choices import StaffRole
from holdings.models import Archive, Region

from . import permissions, selectors
from .choices import PeriodKind, PositionCategory, ReportFormat, ReportLanguage
from .models import RATE_MAX, RATE_MIN, Position, TrainingRecord
from .reports import Period


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ArchiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Archive) -> str:
        return f"{obj.code} — {obj.name}"


class PositionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Position) -> str:
        return obj.title if obj.is_specialist else f"{obj.title} ({_('not a specialist')})"


def _rate_field(**kwargs) -> forms.DecimalField:
    return forms.DecimalField(label=_("Rate"), max_digits=4, decimal_places=3, min_value=RATE_MIN, max_value=RATE_MAX,
                              initial=Decimal("1"), help_text=_("Share of a full-time post: 1 is full time, 0.5 is half time."),
                              **kwargs)


def _salary_field(**kwargs) -> forms.DecimalField:
    return forms.DecimalField(label=_("Base salary, tenge"), max_digits=12, decimal_places=2,
                              min_value=Decimal("0.01"), **kwargs)


class UserLookupField(forms.CharField):
    """A user account named by username or e-mail."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return User.objects.get_by_login(value)
        except (User.DoesNotExist, User.MultipleObjectsReturned) as exc:
            raise ValidationError(_("No user account with this username or e-mail."), code="no_user") from exc


class StaffFilterForm(forms.Form):
    """Filters of the staff list."""

    STATUS_CHOICES = [("current", _("Employed now")), ("all", _("All")), ("former", _("Former staff"))]

    q = forms.CharField(label=_("Name or IIN"), required=False)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False,
                                    empty_label=_("All regions"))
    archive = ArchiveChoiceField(label=_("Archive"), queryset=Archive.objects.none(), required=False,
                                 empty_label=_("All archives"))
    position = PositionChoiceField(label=_("Position"), queryset=Position.objects.none(), required=False,
                                   empty_label=_("All positions"))
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False, initial="current")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["archive"].queryset = permissions.archives_for(user)
        self.fields["region"].queryset = permissions.regions_for(user)
        self.fields["position"].queryset = selectors.position_list()
        if not permissions.is_national_administrator(user):
            del self.fields["region"]


class StaffMemberCreateForm(forms.Form):
    """Hiring: the person, where and as what they work, and their first base salary."""

    last_name = forms.CharField(label=_("Last name"), max_length=100)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    middle_name = forms.CharField(label=_("Patronymic"), max_length=100, required=False)
    iin = forms.CharField(label=_("IIN"), max_length=12, min_length=12, validators=[validate_iin],
                          help_text=_("Individual identification number, 12 digits."))
    archive = ArchiveChoiceField(label=_("Archive"), queryset=Archive.objects.none())
    position = PositionChoiceField(label=_("Position"), queryset=Position.objects.none())
    rate = _rate_field()
    employment_start = forms.DateField(label=_("Employed from"), widget=DateInput())
    employment_end = forms.DateField(label=_("Employed until"), widget=DateInput(), required=False,
                                     help_text=_("The last day of employment; empty while employed."))
    base_salary = _salary_field()
    basis = forms.CharField(label=_("Basis"), max_length=300, required=False, help_text=_("Order number and date."))
    account = UserLookupField(label=_("User account"), required=False, max_length=150,
                              help_text=_("Username or e-mail of the person's account, if they log in."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["archive"].queryset = permissions.archives_for(user)
        self.fields["position"].queryset = selectors.position_list()

    def clean(self):
        data = super().clean()
        start, end = data.get("employment_start"), data.get("employment_end")
        if start and end and end < start:
            self.add_error("employment_end", _("The end of employment cannot come before its start."))
        return data


class StaffMemberUpdateForm(forms.Form):
    """Personal data, the end of employment and the user account of a staff member."""

    last_name = forms.CharField(label=_("Last name"), max_length=100)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    middle_name = forms.CharField(label=_("Patronymic"), max_length=100, required=False)
    iin = forms.CharField(label=_("IIN"), max_length=12, min_length=12, validators=[validate_iin])
    employment_end = forms.DateField(label=_("Employed until"), widget=DateInput(), required=False,
                                     help_text=_("The last day of employment; empty while employed."))
    account = UserLookupField(label=_("User account"), required=False, max_length=150,
                              help_text=_("Username or e-mail of the person's account, if they log in."))

    def __init__(self, *args, member, **kwargs):
        self.member = member
        kwargs.setdefault("initial", {
            "last_name": member.last_name, "first_name": member.first_name, "middle_name": member.middle_name,
            "iin": member.iin, "employment_end": member.employment_end,
            "account": member.user.username if member.user else ""})
        super().__init__(*args, **kwargs)

    def clean_employment_end(self):
        end = self.cleaned_data.get("employment_end")
        if end and end < self.member.employment_start:
            raise ValidationError(_("The end of employment cannot come before its start."))
        return end


class AppointmentForm(forms.Form):
    """A new position or rate from a date."""

    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    position = PositionChoiceField(label=_("Position"), queryset=Position.objects.none())
    rate = _rate_field()
    basis = forms.CharField(label=_("Basis"), max_length=300, required=False, help_text=_("Order number and date."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = selectors.position_list()


class SalaryForm(forms.Form):
    """A new base salary from a date."""

    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    base_salary = _salary_field()
    basis = forms.CharField(label=_("Basis"), max_length=300, required=False, help_text=_("Order number and date."))


class TrainingForm(forms.ModelForm):
    """A completed training or qualification programme."""

    class Meta:
        model = TrainingRecord
        fields = ["program", "provider", "start_date", "end_date", "hours", "certificate_number", "certificate_file"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot come before the start date."))
        upload = data.get("certificate_file")
        if upload and getattr(upload, "size", 0) > 10 * 1024 * 1024:
            self.add_error("certificate_file", _("The file is larger than 10 MB."))
        return data


class ReportForm(forms.Form):
    """Which period and which part of the country a report covers."""

    period = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices, initial=PeriodKind.MONTH)
    month = forms.CharField(label=_("Month"), required=False, widget=forms.TextInput(attrs={"type": "month"}),
                            help_text=_("YYYY-MM"))
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1991, max_value=2100)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False,
                                    empty_label=_("All regions"))
    archive = ArchiveChoiceField(label=_("Archive"), queryset=Archive.objects.none(), required=False,
                                 empty_label=_("All archives"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["archive"].queryset = permissions.archives_for(user)
        self.fields["region"].queryset = permissions.regions_for(user)
        if not permissions.is_national_administrator(user):
            del self.fields["region"]

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        if data.get("period") == PeriodKind.YEAR:
            data["report_period"] = Period(year=data.get("year") or today.year)
        else:
            try:
                data["report_period"] = (Period.parse_month(data["month"]) if data.get("month")
                                         else Period.current_month())
            except ValueError:
                self.add_error("month", _("Enter the month as YYYY-MM."))
        return data


class DownloadForm(ReportForm):
    """The report form plus the file format and language."""

    format = forms.ChoiceField(choices=ReportFormat.choices)
    lang = forms.ChoiceField(choices=ReportLanguage.choices, required=False)


class RightGrantForm(forms.Form):
    """Gives a user a role in an archive."""

    account = UserLookupField(label=_("User account"), max_length=150, help_text=_("Username or e-mail."))
    archive = ArchiveChoiceField(label=_("Archive"), queryset=Archive.objects.none())
    role = forms.ChoiceField(label=pgettext_lazy("archive role", "Role"), choices=StaffRole.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["archive"].queryset = permissions.archives_for(user)


class RightRevokeForm(forms.Form):
    """Takes a role in an archive away from a user."""

    user = forms.ModelChoiceField(queryset=User.objects.all())
    archive = forms.ModelChoiceField(queryset=Archive.objects.none())
    role = forms.ChoiceField(choices=StaffRole.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["archive"].queryset = permissions.archives_for(user)


class RuralStatusForm(forms.Form):
    """Reclassifies an archive from a date."""

    STATUS_CHOICES = [("rural", _("Rural archive")), ("urban", _("Not a rural archive"))]

    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, widget=forms.RadioSelect)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    basis = forms.CharField(label=_("Basis"), max_length=300, required=False,
                            help_text=_("The decision that classified the archive."))


class RuleForm(forms.Form):
    """An allowance rule in force from a date until the next rule."""

    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    name_kk = forms.CharField(label=_("Name (Kazakh)"), max_length=200)
    name_ru = forms.CharField(label=_("Name (Russian)"), max_length=200)
    percent = forms.DecimalField(label=_("Percent of base salary"), max_digits=5, decimal_places=2,
                                 min_value=Decimal("0"), max_value=Decimal("100"),
                                 help_text=_("0 ends the allowance from this date."))
    specialists_only = forms.BooleanField(label=_("Only specialist positions"), required=False, initial=True)
    rural_only = forms.BooleanField(label=_("Only rural archives"), required=False, initial=True)
    basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)


class PositionForm(forms.Form):
    """A position of the staffing table."""

    title_kk = forms.CharField(label=_("Title (Kazakh)"), max_length=200)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=200)
    is_specialist = forms.BooleanField(label=_("Specialist position"), required=False, initial=True,
                                       help_text=_("Specialists in rural archives are entitled to the rural allowance."))
    category = forms.ChoiceField(label=_("Category"), choices=PositionCategory.choices)


class ScopeForm(forms.Form):
    """Limits an administrator to a region, or makes them national."""

    account = UserLookupField(label=_("Administrator"), max_length=150, help_text=_("Username or e-mail."))
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.order_by("code"), required=False,
                                    empty_label=_("Whole country"))

    def clean_account(self):
        account = self.cleaned_data.get("account")
        if account is not None and not permissions.is_administrator(account):
            raise ValidationError(_("This user is not an administrator."))
        return account
