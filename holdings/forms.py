"""Back-office forms. They only parse and check input; the services in holdings/services.py write.

Fields are built from the models (labels, choices and help texts in one place)."""
from __future__ import annotations

from django import forms
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Field
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from .choices import AccessLevel, DigitalObjectRole, UnitAccessLevel
from .derivatives import is_readable_image
from .models import Archive, Fonds, Inventory, StorageLocation, Unit
from .selectors import fonds_by_number, inventory_by_numbers

MAX_UPLOAD_FILES = 50


def _widgets(db_field: Field, **kwargs):
    """Date pickers for dates, one-line inputs for titles and short text areas for long text;
    whole numbers within the column's range on every database (PostgreSQL's integer is 32-bit)."""
    limits = BaseDatabaseOperations.integer_field_ranges.get(db_field.get_internal_type())
    if limits is not None:
        kwargs.setdefault("max_value", limits[1])
    if db_field.get_internal_type() == "DateField":
        kwargs["widget"] = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    elif db_field.name in ("title", "public_title"):
        kwargs["widget"] = forms.Textarea(attrs={"rows": 2})
    elif db_field.get_internal_type() == "TextField":
        kwargs["widget"] = forms.Textarea(attrs={"rows": 4})
    return db_field.formfield(**kwargs)


class _DatesMixin:
    def clean(self):
        data = super().clean()
        start, end = data.get("date_start"), data.get("date_end")
        if start and end and start > end:
            self.add_error("date_end", _("The end date is before the start date."))
        return data


class FondsForm(_DatesMixin, forms.Form):
    """Creates or edits a fonds; the creator is named in words and linked to its authority record."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = fields_for_model(Fonds, fields=["number", "title"], formfield_callback=_widgets)
        self.fields.update(fields)
        self.fields["creator_name"] = forms.CharField(
            label=_("Creator"), max_length=500, required=False,
            help_text=_("The organization, person or family whose records these are."))
        self.fields.update(fields_for_model(
            Fonds, fields=["date_start", "date_end", "kind", "value_category", "access_level", "restricted_until",
                           "description"], formfield_callback=_widgets))
        self.fields["restricted_until"].help_text = _(
            "For a personal or restricted fonds: the date shown in its description and finding aid. Units open "
            "on their own dates (set them for many units at once on an inventory's page).")

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("creator_name", None)
        return data


class InventoryForm(_DatesMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(
            Inventory, fields=["number", "title", "date_start", "date_end", "approval_status", "access_level"],
            formfield_callback=_widgets))
        self.fields["access_level"].help_text = _("“Inherit” takes the level of the fonds.")

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


UNIT_FORM_FIELDS = ["number", "title", "public_title", "date_start", "date_end", "extent_sheets", "duration_seconds",
                    "media", "access_level", "restricted_until", "contains_personal_data", "storage_location",
                    "status", "value_category"]


class UnitForm(_DatesMixin, forms.Form):
    """All of a unit's description; `status` only when editing (a new unit is extant)."""

    def __init__(self, *args, archive_id: int, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        names = UNIT_FORM_FIELDS if editing else [n for n in UNIT_FORM_FIELDS if n != "status"]
        self.fields.update(fields_for_model(Unit, fields=names, formfield_callback=_widgets))
        self.fields["storage_location"].queryset = StorageLocation.objects.filter(archive_id=archive_id)
        self.fields["storage_location"].empty_label = _("— not set —")
        self.fields["access_level"].help_text = _("“Inherit” takes the level of the inventory or fonds.")
        self.fields["restricted_until"].help_text = _(
            "Leave empty for the default: 75 years after the end date for personal data.")
        self.fields["public_title"].help_text = _(
            "Shown to visitors instead of the title when the unit contains personal data: no names.")
        self.fields["annotation"] = forms.CharField(label=_("Annotation"), required=False,
                                                    widget=forms.Textarea(attrs={"rows": 4}))

    def clean(self):
        data = super().clean()
        personal = data.get("access_level") == AccessLevel.PERSONAL or data.get("contains_personal_data")
        if personal and not (data.get("public_title") or "").strip():
            self.add_error("public_title", _("A unit with personal data needs a public title without names."))
        return data

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("public_title", "annotation"):
            data[name] = (data.get(name) or "").strip()
        return data


class InventoryTargetForm(forms.Form):
    """Names an inventory of the same archive by its fonds and inventory numbers."""

    fonds_number = forms.CharField(label=_("Fonds number"), max_length=20)
    inventory_number = forms.CharField(label=_("Inventory number"), max_length=20)

    def __init__(self, *args, archive: Archive, **kwargs):
        super().__init__(*args, **kwargs)
        self.archive = archive

    def clean(self):
        data = super().clean()
        if data.get("fonds_number") and data.get("inventory_number"):
            target = inventory_by_numbers(self.archive, data["fonds_number"], data["inventory_number"])
            if target is None:
                raise forms.ValidationError(
                    _("There is no inventory %(inventory)s in fonds %(fonds)s of this archive.")
                    % {"inventory": data["inventory_number"], "fonds": data["fonds_number"]})
            data["target"] = target
        return data


class FondsTargetForm(forms.Form):
    """Names a fonds of the same archive by its number."""

    fonds_number = forms.CharField(label=_("Fonds number"), max_length=20)

    def __init__(self, *args, archive: Archive, **kwargs):
        super().__init__(*args, **kwargs)
        self.archive = archive

    def clean(self):
        data = super().clean()
        if data.get("fonds_number"):
            target = fonds_by_number(self.archive, data["fonds_number"])
            if target is None:
                raise forms.ValidationError(_("There is no fonds %(fonds)s in this archive.")
                                            % {"fonds": data["fonds_number"]})
            data["target"] = target
        return data


class IdListField(forms.Field):
    """Ids of checked boxes (`name="unit"` several times); at most MAX_BULK_UNITS of them."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        if not isinstance(value, list | tuple):
            value = [value]
        try:
            ids = sorted({int(v) for v in value})
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(_("Invalid selection.")) from exc
        if len(ids) > MAX_BULK_UNITS or any(not 0 < i < 2**63 for i in ids):
            raise forms.ValidationError(_("Invalid selection."))
        return ids


MAX_BULK_UNITS = 1000


class BulkForm(forms.Form):
    """The selected units of an inventory page and what to do with them."""

    SET_ACCESS, MOVE, SET_LOCATION = "set_access", "move", "set_location"
    action = forms.ChoiceField(choices=[(SET_ACCESS, _("Set access level")), (MOVE, _("Move to inventory")),
                                        (SET_LOCATION, _("Set storage location"))])
    unit = IdListField(required=False)
    access_level = forms.ChoiceField(label=_("Access level"), choices=UnitAccessLevel.choices, required=False)
    restricted_until = forms.DateField(label=_("Restricted until"), required=False,
                                       widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    fonds_number = forms.CharField(label=_("Fonds number"), max_length=20, required=False)
    inventory_number = forms.CharField(label=_("Inventory number"), max_length=20, required=False)
    location = forms.ModelChoiceField(label=_("Storage location"), queryset=StorageLocation.objects.none(),
                                      required=False, empty_label=_("— none (clear) —"))

    def __init__(self, *args, inventory: Inventory, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.inventory = inventory
        self.fields["location"].queryset = locations

    def clean(self):
        data = super().clean()
        if not data.get("unit"):
            raise forms.ValidationError(_("Select at least one unit."))
        action = data.get("action")
        if action == self.SET_ACCESS and not data.get("access_level"):
            self.add_error("access_level", _("Choose an access level."))
        if action == self.MOVE:
            if not data.get("fonds_number") or not data.get("inventory_number"):
                raise forms.ValidationError(_("Give the fonds and inventory numbers to move the units to."))
            target = inventory_by_numbers(self.inventory.fonds.archive, data["fonds_number"], data["inventory_number"])
            if target is None:
                raise forms.ValidationError(
                    _("There is no inventory %(inventory)s in fonds %(fonds)s of this archive.")
                    % {"inventory": data["inventory_number"], "fonds": data["fonds_number"]})
            data["target"] = target
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class UploadForm(forms.Form):
    """Scans or other files of a unit; images get a thumbnail and an access copy."""

    files = MultipleFileField(label=_("Files"), help_text=_(
        "Choose one or more files; pages are numbered in the order given. Images (JPEG, PNG, TIFF) get "
        "a thumbnail and an access copy."))
    role = forms.ChoiceField(label=_("Role"), initial=DigitalObjectRole.SCAN_PAGE, choices=[
        (DigitalObjectRole.SCAN_PAGE, DigitalObjectRole.SCAN_PAGE.label),
        (DigitalObjectRole.MASTER, DigitalObjectRole.MASTER.label),
    ])

    def clean_files(self):
        files = self.cleaned_data["files"]
        if not files:
            raise forms.ValidationError(_("Choose at least one file."))
        if len(files) > MAX_UPLOAD_FILES:
            raise forms.ValidationError(_("At most %(n)d files at a time.") % {"n": MAX_UPLOAD_FILES})
        for f in files:
            content_type = (getattr(f, "content_type", "") or "")
            looks_like_image = content_type.startswith("image/") or f.name.lower().endswith(
                (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".gif", ".webp", ".bmp"))
            if looks_like_image and not is_readable_image(f):
                raise forms.ValidationError(_("%(name)s is not a readable image.") % {"name": f.name})
            if f.size == 0:
                raise forms.ValidationError(_("%(name)s is empty.") % {"name": f.name})
        return files


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300,
                             help_text=_("Why the record is removed; it stays in the history."))


class LocationForm(forms.Form):
    building = forms.CharField(label=_("Building"), max_length=100)
    room = forms.CharField(label=_("Room"), max_length=50, required=False)
    rack = forms.CharField(label=_("Rack"), max_length=50, required=False)
    shelf = forms.CharField(label=_("Shelf"), max_length=50, required=False)


class FondsFilterForm(forms.Form):
    q = forms.CharField(label=_("Number or title"), required=False, max_length=200)
