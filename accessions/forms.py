"""Forms of the back office. They only parse input; the rules live in the services."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_bin
from holdings.choices import Media, UnitAccessLevel

from .choices import AccessionKind, AccessionStatus, Funding, ObligationStatus, SourceKind, WorkKind
from .models import Accession, AudiovisualWork, Source

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SourceForm(forms.ModelForm):
    """A source of acquisition and its transfer schedule."""

    class Meta:
        model = Source
        fields = ["name", "kind", "bin", "contact_person", "contact_email", "contact_phone", "language",
                  "transfer_interval_years", "next_transfer_year", "notes", "active"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        kind, bin_value = data.get("kind"), (data.get("bin") or "").strip()
        if kind and not (kind == SourceKind.PRIVATE_PERSON and not bin_value):
            try:
                validate_bin(bin_value)
            except ValidationError as exc:
                self.add_error("bin", exc)
        return data


class AccessionForm(forms.ModelForm):
    """The head of an act of acceptance."""

    class Meta:
        model = Accession
        fields = ["source", "kind", "date", "description", "extent_units", "extent_note", "condition_notes"]
        widgets = {"date": DATE, "description": forms.Textarea(attrs={"rows": 3}),
                   "condition_notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources if sources is not None else Source.objects.none()
        # Electronic transfers and deposits make their own acts.
        self.fields["kind"].choices = [c for c in AccessionKind.choices
                                       if c[0] not in (AccessionKind.ELECTRONIC, AccessionKind.COMPULSORY_DEPOSIT)]


class AccessionEditForm(AccessionForm):
    class Meta(AccessionForm.Meta):
        fields = ["kind", "date", "description", "extent_units", "extent_note", "condition_notes"]

    def __init__(self, *args, **kwargs):
        kwargs.pop("sources", None)
        forms.ModelForm.__init__(self, *args, **kwargs)


class AccessionFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses"))] + list(AccessionStatus.choices))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds"))] + list(AccessionKind.choices))


class ItemForm(forms.Form):
    """One unit listed on the act."""

    number = forms.CharField(label=_("Unit number"), max_length=20)
    title = forms.CharField(label=_("Title"), widget=forms.Textarea(attrs={"rows": 2}))
    public_title = forms.CharField(label=_("Public title"), required=False,
                                   help_text=_("Needed when the unit contains personal data."))
    date_start = forms.DateField(label=_("Start date"), required=False, widget=DATE)
    date_end = forms.DateField(label=_("End date"), required=False, widget=DATE)
    media = forms.ChoiceField(label=_("Media"), choices=Media.choices, initial=Media.PAPER)
    extent_sheets = forms.IntegerField(label=_("Sheets"), min_value=1, required=False)
    access_level = forms.ChoiceField(label=_("Access level"), choices=UnitAccessLevel.choices,
                                     initial=UnitAccessLevel.INHERIT)


class ItemsCsvForm(forms.Form):
    file = forms.FileField(label=_("Inventory (CSV)"),
                           help_text=_("UTF-8, header row: number, title, date_start, date_end, extent_sheets, media, "
                                       "access_level, public_title."))


class ProcessForm(forms.Form):
    """Where the received units go in holdings."""

    fonds_number = forms.CharField(label=_("Fonds number"), max_length=20)
    fonds_title = forms.CharField(label=_("Fonds title"), required=False, max_length=1000,
                                  help_text=_("Only for a new fonds."))
    inventory_number = forms.CharField(label=_("Inventory number"), max_length=20)
    inventory_title = forms.CharField(label=_("Inventory title"), required=False, max_length=1000,
                                      help_text=_("Only for a new inventory."))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class WorkForm(forms.ModelForm):
    """An entry of the register of audiovisual works."""

    class Meta:
        model = AudiovisualWork
        fields = ["title", "producer", "kind", "funding", "state_share", "production_date", "release_date",
                  "running_time_minutes", "carriers", "formats", "description"]
        widgets = {"production_date": DATE, "release_date": DATE, "description": forms.Textarea(attrs={"rows": 3})}
        labels = {"title": _("Title of the work")}
        help_texts = {"state_share": _("For mixed funding: the state budget's share, in per cent."),
                      "release_date": _("A state-funded or mixed work owes a deposit copy counted from this date.")}

    def __init__(self, *args, producers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = producers if producers is not None else Source.objects.none()

    def clean(self):
        data = super().clean()
        if data.get("funding") == Funding.MIXED and not data.get("state_share"):
            self.add_error("state_share", _("Give the state share of a mixed-funded work."))
        return data


class WorkFilterForm(forms.Form):
    q = forms.CharField(label=_("Title"), required=False, max_length=200)
    funding = forms.ChoiceField(label=_("Funding"), required=False, choices=[("", _("Any funding"))] + list(Funding.choices))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind"))] + list(WorkKind.choices))
    obligation = forms.ChoiceField(label=_("Obligation"), required=False,
                                   choices=[("", _("Any"))] + list(ObligationStatus.choices))


class OfferForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class DepositForm(ProcessForm):
    """The deposited copy: its files and where its units go."""

    files = MultipleFileField(label=_("Files of the deposited copy"))
    unit_per_file = forms.BooleanField(label=_("One unit per file (a series or a work in parts)"), required=False)
    condition_notes = forms.CharField(label=_("Condition notes"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))

    field_order = ["files", "fonds_number", "fonds_title", "inventory_number", "inventory_title", "unit_per_file",
                   "condition_notes"]


class AgencyAccountForm(forms.Form):
    username = forms.SlugField(label=_("User name of the system"), max_length=150)
    email = forms.EmailField(label=_("E-mail of the system's operator"), required=False)


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
