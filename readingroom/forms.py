"""Forms of the portal (search, the four requests) and of the staff queue."""
from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from holdings.choices import Media

from .choices import (
    AccessGround,
    CertificateKind,
    CertificateLanguage,
    CopyKind,
    DayCount,
    DeliveryMethod,
    FeeService,
    HolidayKind,
    RequestKind,
    RequestStatus,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


ALL_ARCHIVES = _("All archives")


def _archive_choices(archives, empty=ALL_ARCHIVES) -> list:
    return [("", empty)] + [(str(a.pk), a.name) for a in archives]


class SearchForm(forms.Form):
    """Catalogue search with its filters; years stand for dates."""

    q = forms.CharField(label=_("Words"), required=False, max_length=500)
    archive = forms.TypedChoiceField(label=_("Archive"), required=False, coerce=int, empty_value=None)
    fonds = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    year_from = forms.IntegerField(label=_("From year"), required=False, min_value=1000, max_value=2100)
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=1000, max_value=2100)
    media = forms.ChoiceField(label=_("Media"), required=False, choices=[("", _("Any media")), *Media.choices])
    digitized = forms.BooleanField(label=_("Digitized only"), required=False)

    def __init__(self, *args, archives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["archive"].choices = _archive_choices(archives)
        for name in ("year_from", "year_to"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "size": 6})

    def clean(self):
        data = super().clean()
        if data.get("year_from") and data.get("year_to") and data["year_from"] > data["year_to"]:
            raise forms.ValidationError(_("The first year is after the last year."))
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks their number, size and type."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class UnitsMixin(forms.Form):
    """The unit the request started from (with sheets) and more units typed as reference codes."""

    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    archive = forms.TypedChoiceField(label=_("Archive"), required=False, coerce=int, empty_value=None)
    sheets = forms.CharField(label=pgettext_lazy("sheets to copy", "Sheets"), required=False, max_length=200,
                             help_text=_("Leave empty for the whole unit, or list sheets: 1-3, 7"))
    more_units = forms.CharField(
        label=_("Other units"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One reference code per line, sheets after it if needed: F. 1, Inv. 1, U. 5, sh. 2-4"))

    def __init__(self, *args, archives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["archive"].choices = _archive_choices(archives, empty=_("Choose an archive"))

    def code_lines(self) -> list[str]:
        return [line for line in (self.cleaned_data.get("more_units") or "").splitlines() if line.strip()]


class CopyRequestForm(UnitsMixin):
    copy_kind = forms.ChoiceField(label=_("Kind of copy"), choices=CopyKind.choices, initial=CopyKind.ELECTRONIC,
                                  widget=forms.RadioSelect)
    delivery = forms.ChoiceField(label=_("How to receive it"), choices=DeliveryMethod.choices,
                                 initial=DeliveryMethod.DOWNLOAD, widget=forms.RadioSelect)
    data_subject_claim = forms.BooleanField(
        label=_("The records are about me"), required=False,
        help_text=_("Copies of records with personal data are redacted for anyone but the person they are about; "
                    "the reading room will check your identity document."))
    message = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    phone = forms.CharField(label=_("Phone"), required=False, max_length=50)


class CertificateRequestForm(UnitsMixin):
    certificate_kind = forms.ChoiceField(label=_("What do you need?"), choices=CertificateKind.choices)
    certificate_language = forms.ChoiceField(label=_("Language of the certificate"),
                                             choices=CertificateLanguage.choices)
    person_name = forms.CharField(label=_("Full name in the records"), max_length=300,
                                  help_text=_("As it was at the time, e.g. the surname before marriage."))
    organization = forms.CharField(label=_("Organization"), required=False, max_length=500)
    position = forms.CharField(label=_("Position"), required=False, max_length=300)
    year_from = forms.IntegerField(label=_("From year"), required=False, min_value=1800, max_value=2100)
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=1800, max_value=2100)
    message = forms.CharField(label=_("What should the certificate confirm?"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    attachments = MultipleFileField(label=_("Attachments"),
                                    help_text=_("PDF, JPEG or PNG, up to 5 files of 10 MB: e.g. pages of the work "
                                                "record book."))
    delivery = forms.ChoiceField(label=_("How to receive it"), choices=DeliveryMethod.choices,
                                 initial=DeliveryMethod.DOWNLOAD, widget=forms.RadioSelect)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=50)

    field_order = ["archive", "certificate_kind", "certificate_language", "person_name", "organization", "position",
                   "year_from", "year_to", "message", "more_units", "attachments", "delivery", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["archive"].required = True
        del self.fields["sheets"]
        self.fields["more_units"].label = _("Reference codes, if you know them")


class VisitRequestForm(UnitsMixin):
    visit_date = forms.DateField(label=_("Date of the visit"), widget=DATE_INPUT)
    message = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    phone = forms.CharField(label=_("Phone"), required=False, max_length=50)

    field_order = ["visit_date", "archive", "more_units", "message", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit_date"].widget.attrs["min"] = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
        del self.fields["sheets"]


class AccessRequestForm(UnitsMixin):
    ground = forms.ChoiceField(label=_("Ground"), choices=AccessGround.choices, widget=forms.RadioSelect)
    purpose = forms.CharField(label=_("Purpose"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("For research: the topic and the institution."))
    attachments = MultipleFileField(label=_("Documents"),
                                    help_text=_("A certificate of inheritance or the written consent; PDF, JPEG or "
                                                "PNG."))
    phone = forms.CharField(label=_("Phone"), required=False, max_length=50)

    field_order = ["ground", "purpose", "archive", "more_units", "attachments", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["sheets"]


# ---------------------------------------------------------------- staff
class QueueFilterForm(forms.Form):
    archive = forms.TypedChoiceField(label=_("Archive"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *RequestKind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", pgettext_lazy("requests", "Open")), ("all", _("All")),
                                        *RequestStatus.choices])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)

    def __init__(self, *args, archives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["archive"].choices = [(str(a.pk), a.name) for a in archives]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the refusal"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Internal: the citizen does not see it."))


class CompleteForm(forms.Form):
    note = forms.CharField(label=_("Message to the citizen"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("E.g. where and when to pick up a paper copy."))


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label=_("Assign to"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Nobody"))] + [(str(u.pk), u.display_name) for u in staff]


class FeeForm(forms.Form):
    fee = forms.DecimalField(label=_("Fee, tenge"), min_value=0, max_digits=10, decimal_places=2)
    note = forms.CharField(label=_("Note"), required=False, max_length=300,
                           help_text=_("The citizen sees it in the history and the e-mail."))


class PaymentForm(forms.Form):
    reference = forms.CharField(label=_("Receipt or payment reference"), max_length=200)


class IdentityForm(forms.Form):
    document = forms.CharField(label=_("Identity document checked"), max_length=200,
                               help_text=_("Kind and number, e.g. ID card No. 012345678"))


class GrantForm(forms.Form):
    until = forms.DateField(label=_("Access until"), widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), required=False, max_length=300,
                           help_text=_("The citizen sees it in the history and the e-mail."))


class CertificateForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=CertificateLanguage.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10}))
    grounds = forms.CharField(label=_("Grounds"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("One reference code per line with the sheets: F. 1, Inv. 1, U. 5, sh. 2-4"))


class RedactionForm(forms.Form):
    """The plain fallback of the rectangle tool: the region in percent of the page."""

    page = forms.IntegerField(widget=forms.HiddenInput)
    x = forms.FloatField(label=_("Left, %"), min_value=0, max_value=100)
    y = forms.FloatField(label=_("Top, %"), min_value=0, max_value=100)
    width = forms.FloatField(label=_("Width, %"), min_value=0.1, max_value=100)
    height = forms.FloatField(label=_("Height, %"), min_value=0.1, max_value=100)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class HolidayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    kind = forms.ChoiceField(label=_("Kind"), choices=HolidayKind.choices)
    name_kk = forms.CharField(label=_("Name (Kazakh)"), required=False, max_length=200)
    name_ru = forms.CharField(label=_("Name (Russian)"), required=False, max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), required=False, max_length=200)


class LoadYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class TermForm(forms.Form):
    kind = forms.ChoiceField(label=_("Request kind"), choices=RequestKind.choices)
    days = forms.IntegerField(label=_("Days"), min_value=0, max_value=365)
    count = forms.ChoiceField(label=_("Counted in"), choices=DayCount.choices)


class PriceForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"), choices=FeeService.choices)
    price = forms.DecimalField(label=_("Price, tenge"), min_value=0, max_digits=10, decimal_places=2)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=40)
