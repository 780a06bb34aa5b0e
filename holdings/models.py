"""The holdings model: Archive > Fonds > Inventory > Unit (> DigitalObject), sized for 27.5M units.

The levels are fixed (no generic tree). Unit carries archive_id and fonds_id beside inventory_id, and
its effective access level, so that every filter users need is one index away."""
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from . import codes
from .choices import (
    AccessAction,
    AccessLevel,
    ArchiveKind,
    DigitalObjectRole,
    EventOutcome,
    FondsKind,
    ImportStatus,
    InventoryStatus,
    Media,
    PreservationEventType,
    Retention,
    UnitAccessLevel,
    UnitStatus,
    ValueCategory,
)


def number_sort_key(number: str) -> int:
    """Orders "45", "45а", "46" naturally: the leading digits, times 1000, plus a letter offset."""
    digits = ""
    for ch in number.strip():
        if ch.isdigit():
            digits += ch
        elif digits:
            break
    base = int(digits[:12]) if digits else 0
    rest = number.strip()[len(digits):] if number.strip().startswith(digits) else ""
    suffix = (ord(rest[0].lower()) % 997) if rest else 0
    return base * 1000 + suffix


class MultilingualNameMixin(models.Model):
    """Names in Kazakh, Russian and English; `name` gives the one for the active language."""

    name_kk = models.CharField(_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        lang = (get_language() or "ru")[:2]
        return getattr(self, f"name_{lang}", "") or self.name_ru or self.name_kk

    def __str__(self) -> str:
        return self.name


class Region(MultilingualNameMixin):
    """A region (oblys) or city of republican significance; archives and reports group by it."""

    code = models.CharField(_("code"), max_length=20, unique=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]


class Archive(MultilingualNameMixin):
    """An institution holding records."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ArchiveKind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="archives", verbose_name=_("region"))
    is_rural = models.BooleanField(_("rural archive"), default=False)
    address = models.CharField(_("address"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    fonds_count = models.PositiveIntegerField(_("fonds"), default=0, editable=False)

    class Meta:
        verbose_name = _("archive")
        verbose_name_plural = _("archives")
        ordering = ["code"]
        permissions = [
            ("manage_holdings", _("Archivist: describes holdings of this archive")),
            ("handle_requests", _("Reading-room staff: answers requests of this archive")),
            ("appraise", _("Appraisal expert in this archive")),
        ]


class Creator(models.Model):
    """Authority record of a fonds creator: an organization, a person or a family."""

    name = models.CharField(_("name"), max_length=500)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=500, blank=True)
    dates = models.CharField(_("dates of existence"), max_length=100, blank=True)
    history = models.TextField(_("history"), blank=True)

    class Meta:
        verbose_name = _("creator")
        verbose_name_plural = _("creators")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StorageLocation(models.Model):
    """Where units stand: building, room, rack, shelf."""

    archive = models.ForeignKey(Archive, on_delete=models.CASCADE, related_name="locations", verbose_name=_("archive"))
    building = models.CharField(_("building"), max_length=100)
    room = models.CharField(_("room"), max_length=50, blank=True)
    rack = models.CharField(_("rack"), max_length=50, blank=True)
    shelf = models.CharField(_("shelf"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("storage location")
        verbose_name_plural = _("storage locations")
        ordering = ["archive", "building", "room", "rack", "shelf"]
        constraints = [models.UniqueConstraint(fields=["archive", "building", "room", "rack", "shelf"],
                                               name="holdings_location_unique")]

    def __str__(self) -> str:
        parts = [self.building, self.room, self.rack, self.shelf]
        return " / ".join(p for p in parts if p)


class Fonds(models.Model):
    """All records of one creator in one archive, numbered within the archive."""

    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="fonds", verbose_name=_("archive"))
    number = models.CharField(_("fonds number"), max_length=20)
    sort_key = models.BigIntegerField(editable=False, default=0)
    title = models.CharField(_("title"), max_length=1000)
    creator = models.ForeignKey(Creator, on_delete=models.SET_NULL, null=True, blank=True, related_name="fonds",
                                verbose_name=_("creator"))
    date_start = models.DateField(_("start date"), null=True, blank=True)
    date_end = models.DateField(_("end date"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=FondsKind.choices, default=FondsKind.INSTITUTION)
    value_category = models.CharField(_("value category"), max_length=30, choices=ValueCategory.choices,
                                      default=ValueCategory.ORDINARY)
    access_level = models.CharField(_("access level"), max_length=20, choices=AccessLevel.choices,
                                    default=AccessLevel.OPEN)
    restricted_until = models.DateField(_("restricted until"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    inventory_count = models.PositiveIntegerField(_("inventories"), default=0, editable=False)
    unit_count = models.PositiveIntegerField(_("units"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("fonds")
        verbose_name_plural = _("fonds")
        ordering = ["archive_id", "sort_key", "number"]
        constraints = [models.UniqueConstraint(fields=["archive", "number"], name="holdings_fonds_number_unique")]
        indexes = [models.Index(fields=["archive", "sort_key", "id"], name="holdings_fonds_browse")]
        permissions = [("view_full_fonds", _("Researcher: sees full records of this fonds"))]

    def __str__(self) -> str:
        return f"{self.reference_code} {self.title}"

    @property
    def reference_code(self) -> str:
        return f"F. {self.number}"

    @property
    def local_code(self) -> str:
        """The reference code in the active language."""
        return codes.fonds_code(self.number)


class Inventory(models.Model):
    """A numbered list of units inside a fonds (a series)."""

    fonds = models.ForeignKey(Fonds, on_delete=models.PROTECT, related_name="inventories", verbose_name=_("fonds"))
    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="+", editable=False)
    number = models.CharField(_("inventory number"), max_length=20)
    sort_key = models.BigIntegerField(editable=False, default=0)
    title = models.CharField(_("title"), max_length=1000)
    date_start = models.DateField(_("start date"), null=True, blank=True)
    date_end = models.DateField(_("end date"), null=True, blank=True)
    approval_status = models.CharField(_("approval status"), max_length=20, choices=InventoryStatus.choices,
                                       default=InventoryStatus.DRAFT)
    access_level = models.CharField(_("access level"), max_length=20, choices=UnitAccessLevel.choices,
                                    default=UnitAccessLevel.INHERIT)
    unit_count = models.PositiveIntegerField(_("units"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("inventory")
        verbose_name_plural = _("inventories")
        ordering = ["fonds_id", "sort_key", "number"]
        constraints = [models.UniqueConstraint(fields=["fonds", "number"], name="holdings_inventory_number_unique")]
        indexes = [models.Index(fields=["fonds", "sort_key", "id"], name="holdings_inventory_browse")]

    def __str__(self) -> str:
        return f"{self.reference_code} {self.title}"

    @property
    def reference_code(self) -> str:
        return f"F. {self.fonds.number}, Inv. {self.number}"

    @property
    def local_code(self) -> str:
        """The reference code in the active language."""
        return codes.inventory_code(self.fonds.number, self.number)

    @property
    def effective_access_level(self) -> str:
        if self.access_level != UnitAccessLevel.INHERIT:
            return self.access_level
        return self.fonds.access_level


class UnitQuerySet(models.QuerySet):
    """Unit queries; visibility is decided in holdings/access.py."""

    def visible_to(self, user) -> "UnitQuerySet":
        from . import access

        return access.visible_to(self, user)

    def with_codes(self) -> "UnitQuerySet":
        """Loads what `reference_code` needs in the same query."""
        return self.select_related("inventory__fonds")


class Unit(models.Model):
    """A unit of storage: a file, a reel, a recording, an electronic record. The big table.

    `effective_access` is the resolved level (own, else inventory's, else fonds') kept right by the
    services in one set-based UPDATE whenever a level above changes; `restricted_until` is evaluated
    at query time, so nothing needs to run for a unit to open."""

    # No single-column indexes on these three: the composite indexes below start with each of them,
    # and every index costs time on each bulk-imported row (and space at 27.5M rows).
    inventory = models.ForeignKey(Inventory, on_delete=models.PROTECT, related_name="units", verbose_name=_("inventory"),
                                  db_index=False)
    fonds = models.ForeignKey(Fonds, on_delete=models.PROTECT, related_name="+", editable=False, db_index=False)
    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="+", editable=False, db_index=False)
    number = models.CharField(_("unit number"), max_length=20)
    sort_key = models.BigIntegerField(editable=False, default=0)
    title = models.TextField(_("title"))
    public_title = models.TextField(_("public title"), blank=True,
                                    help_text=_("Shown instead of the title where personal data must stay hidden."))
    date_start = models.DateField(_("start date"), null=True, blank=True)
    date_end = models.DateField(_("end date"), null=True, blank=True)
    extent_sheets = models.PositiveIntegerField(_("sheets"), null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(_("duration, seconds"), null=True, blank=True)
    media = models.CharField(_("media"), max_length=20, choices=Media.choices, default=Media.PAPER)
    access_level = models.CharField(_("access level"), max_length=20, choices=UnitAccessLevel.choices,
                                    default=UnitAccessLevel.INHERIT)
    effective_access = models.CharField(max_length=20, choices=AccessLevel.choices, default=AccessLevel.OPEN,
                                        editable=False)
    restricted_until = models.DateField(_("restricted until"), null=True, blank=True)
    contains_personal_data = models.BooleanField(_("contains personal data"), default=False)
    storage_location = models.ForeignKey(StorageLocation, on_delete=models.SET_NULL, null=True, blank=True,
                                         related_name="+", verbose_name=_("storage location"))
    status = models.CharField(_("status"), max_length=20, choices=UnitStatus.choices, default=UnitStatus.EXTANT)
    value_category = models.CharField(_("value category"), max_length=30, choices=ValueCategory.choices,
                                      default=ValueCategory.ORDINARY)
    retention = models.CharField(_("retention"), max_length=20, choices=Retention.choices,
                                 default=Retention.UNDETERMINED)
    retention_years = models.PositiveSmallIntegerField(_("retention, years"), null=True, blank=True)
    digital_count = models.PositiveSmallIntegerField(_("digital pages"), default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    # Filled by a PostgreSQL trigger on every write (and so by the bulk import): see migration 0002.
    search_public = SearchVectorField(null=True, editable=False)
    search_full = SearchVectorField(null=True, editable=False)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["inventory_id", "sort_key", "id"]
        constraints = [models.UniqueConstraint(fields=["inventory", "number"], name="holdings_unit_number_unique")]
        indexes = [
            models.Index(fields=["inventory", "sort_key", "id"], name="holdings_unit_browse"),
            models.Index(fields=["fonds", "sort_key", "id"], name="holdings_unit_fonds"),
            models.Index(fields=["archive", "id"], name="holdings_unit_archive"),
            # OAI-PMH harvests by datestamp (from/until).
            models.Index(fields=["updated_at"], name="holdings_unit_updated"),
        ]
        permissions = [("view_full_unit", _("Researcher: sees the full record of this unit"))]

    def __str__(self) -> str:
        return self.reference_code

    @property
    def reference_code(self) -> str:
        """`F. 123, Inv. 1, U. 45`; needs inventory and fonds loaded (select_related)."""
        return f"F. {self.inventory.fonds.number}, Inv. {self.inventory.number}, U. {self.number}"

    @property
    def local_code(self) -> str:
        """The reference code in the active language (same loading needs as `reference_code`)."""
        return codes.local_code(self.inventory.fonds.number, self.inventory.number, self.number)


class UnitDescription(models.Model):
    """Long free text about a unit, kept out of the narrow Unit row."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, primary_key=True, related_name="description")
    annotation = models.TextField(_("annotation"), blank=True)
    notes = models.TextField(_("internal notes"), blank=True)


class DigitalObject(models.Model):
    """A stored file of a unit: a master, an access copy, a scan page or a thumbnail."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="digital_objects", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=20, choices=DigitalObjectRole.choices)
    derived_from = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="derivatives")
    file = models.FileField(_("file"), upload_to="units/%Y/%m/", max_length=500)
    original_name = models.CharField(_("original file name"), max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.BigIntegerField(_("size, bytes"), default=0)
    format = models.CharField(_("format"), max_length=100, blank=True, help_text=_("MIME type"))
    puid = models.CharField(_("PRONOM identifier"), max_length=30, blank=True)
    page_order = models.PositiveIntegerField(_("page"), default=0)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("digital object")
        verbose_name_plural = _("digital objects")
        ordering = ["unit_id", "page_order", "id"]
        indexes = [models.Index(fields=["unit", "role", "page_order"], name="holdings_do_unit_role")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.page_order}: {self.original_name or self.file.name}"


class PreservationEvent(models.Model):
    """A PREMIS-style event on a unit or a stored file: ingest, fixity, format, virus check, deletion.

    Events outlive the files they describe (the file's name and checksum are copied here)."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    event_type = models.CharField(_("event"), max_length=30, choices=PreservationEventType.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=EventOutcome.choices)
    unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    digital_object = models.ForeignKey(DigitalObject, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="events")
    object_name = models.CharField(max_length=500, blank=True)
    object_sha256 = models.CharField(max_length=64, blank=True)
    agent = models.CharField(_("agent"), max_length=200, help_text=_("Software and version, or the user"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    detail = models.TextField(_("detail"), blank=True)
    source = models.CharField(max_length=100, blank=True, help_text=_("What produced it, e.g. transfer:42"))

    class Meta:
        verbose_name = _("preservation event")
        verbose_name_plural = _("preservation events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["unit", "-at"], name="holdings_pevent_unit"),
                   models.Index(fields=["digital_object", "-at"], name="holdings_pevent_do")]


class ChangeRecord(models.Model):
    """Who changed what and when on a fonds, inventory or unit: the history shown on the record."""

    # The archive is stored on every record so that an archive's recent changes are one index away.
    archive = models.ForeignKey(Archive, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                db_index=False)
    fonds = models.ForeignKey(Fonds, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    inventory = models.ForeignKey(Inventory, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=50)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("change record")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["unit", "-at"], name="holdings_change_unit"),
            models.Index(fields=["inventory", "-at"], name="holdings_change_inv"),
            models.Index(fields=["fonds", "-at"], name="holdings_change_fonds"),
            models.Index(fields=["archive", "-at"], name="holdings_change_archive"),
        ]


class AccessLogEntry(models.Model):
    """Append-only: every view of a non-open record by anyone, and every grant or revocation."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")
    action = models.CharField(max_length=20, choices=AccessAction.choices)
    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    fonds = models.ForeignKey(Fonds, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    subject_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", help_text=_("The user a grant was given to."))
    ip = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["unit", "-at"], name="holdings_alog_unit"),
                   models.Index(fields=["user", "-at"], name="holdings_alog_user")]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The access log is append-only.")


# Object permissions with direct foreign keys (django-guardian): staff rights per archive,
# researcher grants per fonds and, as exceptions, per unit. Grants carry who gave them, the
# ground and an expiry; access.py reads these tables directly, honouring the expiry.
class ArchiveUserObjectPermission(UserObjectPermissionBase):
    """A staff right of one user in one archive."""

    content_object = models.ForeignKey(Archive, on_delete=models.CASCADE)


class ArchiveGroupObjectPermission(GroupObjectPermissionBase):
    """A staff right of a group in one archive."""

    content_object = models.ForeignKey(Archive, on_delete=models.CASCADE)


class GrantFieldsMixin(models.Model):
    """Who granted a researcher access, on what ground, and until when."""

    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    ground = models.CharField(max_length=300, blank=True)

    class Meta:
        abstract = True


class FondsUserObjectPermission(GrantFieldsMixin, UserObjectPermissionBase):
    """A researcher's grant on a whole fonds."""

    content_object = models.ForeignKey(Fonds, on_delete=models.CASCADE)


class FondsGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Fonds, on_delete=models.CASCADE)


class UnitUserObjectPermission(GrantFieldsMixin, UserObjectPermissionBase):
    """A researcher's grant on one unit (an exception, never written in bulk)."""

    content_object = models.ForeignKey(Unit, on_delete=models.CASCADE)


class UnitGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Unit, on_delete=models.CASCADE)


class ImportJob(models.Model):
    """An import of inventories from a CSV or XLSX file: checked (dry run), then loaded all or nothing."""

    archive = models.ForeignKey(Archive, on_delete=models.CASCADE, related_name="+", verbose_name=_("archive"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name=_("uploaded by"))
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now, db_index=True)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", max_length=500)
    original_name = models.CharField(_("file name"), max_length=300)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices,
                              default=ImportStatus.UPLOADED)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    units_created = models.PositiveIntegerField(_("units created"), default=0)
    fonds_created = models.PositiveIntegerField(_("fonds created"), default=0)
    inventories_created = models.PositiveIntegerField(_("inventories created"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["archive", "-created_at"], name="holdings_import_archive")]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"
