"""Sources of acquisition, acts of acceptance, the register of audiovisual works with deposit
obligations and offers, electronic transfers from agencies' systems, and the fixity audit.

Units created by an accession stay plain holdings units: the link back is the AccessionUnit side
table, so the big Unit row gets no column."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from holdings.choices import Media, UnitAccessLevel
from holdings.models import Archive, DigitalObject, Fonds, Inventory, Unit

from .choices import (
    AccessionKind,
    AccessionStatus,
    FixityProblem,
    Funding,
    IdentificationMethod,
    LetterLanguage,
    MediaProcessingStatus,
    ObligationStatus,
    OfferStatus,
    ReminderKind,
    SourceKind,
    StepOutcome,
    TransferStatus,
    TransferStep,
    WorkKind,
)
from .i18n import localized

USER = settings.AUTH_USER_MODEL


class Source(models.Model):
    """An organization or person an archive acquires records from, with its transfer schedule."""

    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="+", verbose_name=_("archive"))
    name = models.CharField(_("name"), max_length=500)
    bin = models.CharField(_("BIN"), max_length=12, blank=True,
                           help_text=_("Business identification number, 12 digits (not needed for a private person)."))
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    language = models.CharField(_("language of letters"), max_length=2, choices=LetterLanguage.choices,
                                default=LetterLanguage.RUSSIAN)
    transfer_interval_years = models.PositiveSmallIntegerField(
        _("transfer interval, years"), null=True, blank=True,
        help_text=_("Records are transferred every this many years."))
    next_transfer_year = models.PositiveSmallIntegerField(_("next transfer due in"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("source of acquisition")
        verbose_name_plural = _("sources of acquisition")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["archive", "bin"], condition=~Q(bin=""),
                                               name="accessions_source_bin_unique")]
        indexes = [models.Index(fields=["archive", "name", "id"], name="accessions_source_browse")]

    def __str__(self) -> str:
        return self.name


class Accession(models.Model):
    """An act of acceptance: one documented intake of records into an archive."""

    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="+", verbose_name=_("archive"))
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="accessions", verbose_name=_("source"))
    number = models.CharField(_("act number"), max_length=30)
    date = models.DateField(_("date of the act"), default=timezone.localdate)
    kind = models.CharField(_("kind"), max_length=20, choices=AccessionKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=AccessionStatus.choices,
                              default=AccessionStatus.DRAFT)
    description = models.TextField(_("what is received"), blank=True)
    extent_units = models.PositiveIntegerField(_("declared number of units"), null=True, blank=True)
    extent_note = models.CharField(_("extent"), max_length=300, blank=True,
                                   help_text=_("For example: 3 boxes, 1.2 linear metres."))
    condition_notes = models.TextField(_("condition notes"), blank=True)
    fonds = models.ForeignKey(Fonds, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("fonds"))
    inventory = models.ForeignKey(Inventory, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("inventory"))
    unit_count = models.PositiveIntegerField(_("units created"), default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    received_at = models.DateTimeField(null=True, blank=True)
    received_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    processed_at = models.DateTimeField(null=True, blank=True)
    processed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    rejected_at = models.DateTimeField(null=True, blank=True)
    rejected_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)

    class Meta:
        verbose_name = _("accession")
        verbose_name_plural = _("accessions")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["archive", "number"], name="accessions_accession_number")]
        indexes = [models.Index(fields=["archive", "-id"], name="accessions_accession_browse"),
                   models.Index(fields=["archive", "status", "-id"], name="accessions_accession_status")]

    def __str__(self) -> str:
        return f"№ {self.number}"


class AccessionItem(models.Model):
    """A unit listed on a draft or received act; processing turns each into a holdings unit."""

    accession = models.ForeignKey(Accession, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    number = models.CharField(_("unit number"), max_length=20)
    title = models.TextField(_("title"))
    public_title = models.TextField(_("public title"), blank=True)
    date_start = models.DateField(_("start date"), null=True, blank=True)
    date_end = models.DateField(_("end date"), null=True, blank=True)
    media = models.CharField(_("media"), max_length=20, choices=Media.choices, default=Media.PAPER)
    extent_sheets = models.PositiveIntegerField(_("sheets"), null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(_("duration, seconds"), null=True, blank=True)
    access_level = models.CharField(_("access level"), max_length=20, choices=UnitAccessLevel.choices,
                                    default=UnitAccessLevel.INHERIT)

    class Meta:
        verbose_name = _("listed unit")
        verbose_name_plural = _("listed units")
        ordering = ["accession_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["accession", "number"], name="accessions_item_number")]


class AccessionUnit(models.Model):
    """Links a holdings unit to the accession that brought it in (a side table: Unit stays narrow)."""

    accession = models.ForeignKey(Accession, on_delete=models.PROTECT, related_name="unit_links")
    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="accession_link")

    class Meta:
        verbose_name = _("unit of an accession")
        verbose_name_plural = _("units of accessions")
        indexes = [models.Index(fields=["accession", "unit"], name="accessions_unit_link")]


class AudiovisualWork(models.Model):
    """A film, video, sound recording or broadcast in the register of audiovisual works."""

    title = models.CharField(_("title"), max_length=500)
    producer = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="works", verbose_name=_("producer"))
    kind = models.CharField(_("kind"), max_length=20, choices=WorkKind.choices)
    funding = models.CharField(_("funding"), max_length=20, choices=Funding.choices)
    state_share = models.DecimalField(_("state share, %"), max_digits=5, decimal_places=2, null=True, blank=True)
    production_date = models.DateField(_("production date"), null=True, blank=True)
    release_date = models.DateField(_("release date"), null=True, blank=True)
    running_time_minutes = models.PositiveIntegerField(_("running time, minutes"), null=True, blank=True)
    carriers = models.CharField(_("carriers"), max_length=300, blank=True,
                                help_text=_("For example: 35 mm film, 6 reels; DCP on a hard disk."))
    formats = models.CharField(_("formats"), max_length=300, blank=True,
                               help_text=_("For example: DCP, ProRes 422 HQ, WAV."))
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("audiovisual work")
        verbose_name_plural = _("audiovisual works")
        ordering = ["-id"]
        indexes = [models.Index(fields=["producer", "-id"], name="accessions_work_producer")]

    def __str__(self) -> str:
        return self.title


class DepositObligation(models.Model):
    """The producer's duty to deposit one copy of a state-funded or mixed audiovisual work."""

    work = models.OneToOneField(AudiovisualWork, on_delete=models.PROTECT, related_name="obligation")
    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="+", verbose_name=_("archive"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=ObligationStatus.choices,
                              default=ObligationStatus.DUE)
    overdue_since = models.DateField(_("overdue since"), null=True, blank=True)
    accession = models.ForeignKey(Accession, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    deposited_at = models.DateTimeField(null=True, blank=True)
    deposited_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("deposit obligation")
        verbose_name_plural = _("deposit obligations")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["status", "due_date"], name="accessions_obligation_due"),
                   models.Index(fields=["archive", "status", "due_date"], name="accessions_obligation_arch")]


class DepositReminder(models.Model):
    """A reminder sent about an obligation; one per obligation and day at most."""

    obligation = models.ForeignKey(DepositObligation, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    recipients = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("deposit reminder")
        ordering = ["-sent_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["obligation", "sent_on"], name="accessions_reminder_daily")]


class DepositOffer(models.Model):
    """A privately funded work offered by its producer for voluntary deposit."""

    work = models.OneToOneField(AudiovisualWork, on_delete=models.PROTECT, related_name="offer")
    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="+", verbose_name=_("archive"))
    status = models.CharField(_("status"), max_length=20, choices=OfferStatus.choices, default=OfferStatus.OFFERED)
    offered_on = models.DateField(_("offered on"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    accession = models.ForeignKey(Accession, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("deposit offer")
        verbose_name_plural = _("deposit offers")
        ordering = ["-id"]
        indexes = [models.Index(fields=["archive", "status", "-id"], name="accessions_offer_archive")]


class MediaFile(models.Model):
    """Technical metadata and derivatives of one deposited audiovisual file (master digital object)."""

    accession = models.ForeignKey(Accession, on_delete=models.CASCADE, related_name="media_files")
    digital_object = models.OneToOneField(DigitalObject, on_delete=models.CASCADE, related_name="media_file")
    status = models.CharField(max_length=20, choices=MediaProcessingStatus.choices,
                              default=MediaProcessingStatus.PENDING)
    metadata_tool = models.CharField(max_length=100, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)
    container = models.CharField(max_length=100, blank=True)
    video_codec = models.CharField(max_length=100, blank=True)
    audio_codec = models.CharField(max_length=100, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    frame_rate = models.CharField(max_length=30, blank=True)
    raw = models.JSONField(default=dict, blank=True)
    access_copy = models.ForeignKey(DigitalObject, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    poster = models.ForeignKey(DigitalObject, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    skipped = models.TextField(blank=True, help_text=_("What could not be done, and why."))
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("audiovisual file")
        verbose_name_plural = _("audiovisual files")
        ordering = ["accession_id", "id"]


class AgencyAccount(models.Model):
    """An agency information system's login: bound to one source, may transfer into one archive."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="agency_account")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="accounts")
    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("agency system account")
        verbose_name_plural = _("agency system accounts")
        ordering = ["source_id", "id"]


class Transfer(models.Model):
    """An electronic transfer: a BagIt package sent by an agency system through the API."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("source"))
    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="+", verbose_name=_("archive"))
    account = models.ForeignKey(AgencyAccount, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    idempotency_key = models.CharField(max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=TransferStatus.choices,
                              default=TransferStatus.UPLOADED)
    error = models.TextField(_("error"), blank=True)
    error_i18n = models.JSONField(default=dict, blank=True)
    error_file = models.CharField(max_length=1000, blank=True)
    package = models.CharField(max_length=500, blank=True, help_text=_("Storage name of the package while kept."))
    package_name = models.CharField(_("package"), max_length=300)
    package_size = models.BigIntegerField(_("package size, bytes"), default=0)
    package_sha256 = models.CharField(max_length=64)
    metadata = models.JSONField(default=dict, blank=True)
    file_count = models.PositiveIntegerField(_("files"), default=0)
    payload_bytes = models.BigIntegerField(default=0)
    accession = models.ForeignKey(Accession, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="transfers")
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("electronic transfer")
        verbose_name_plural = _("electronic transfers")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["source", "idempotency_key"],
                                               name="accessions_transfer_idempotency")]
        indexes = [models.Index(fields=["source", "-id"], name="accessions_transfer_source"),
                   models.Index(fields=["archive", "-id"], name="accessions_transfer_archive"),
                   # The sweeper's question: which unfinished transfers have not moved for a while.
                   models.Index(fields=["updated_at"], name="accessions_transfer_open",
                                condition=models.Q(status__in=["uploaded", "verifying", "stored"]))]

    @property
    def error_text(self) -> str:
        """The error in the reader's language (`error` keeps it as the sender reads it)."""
        return localized(self.error_i18n, self.error)


class TransferFile(models.Model):
    """One payload file of a transfer: its checks, where it is stored, and its digital object."""

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="files")
    path = models.CharField(max_length=1000)
    unit_number = models.CharField(max_length=20)
    position = models.PositiveIntegerField(default=0)
    size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    puid = models.CharField(max_length=30, blank=True)
    format_name = models.CharField(max_length=300, blank=True)
    mime = models.CharField(max_length=100, blank=True)
    identification_method = models.CharField(max_length=20, choices=IdentificationMethod.choices,
                                             default=IdentificationMethod.NONE)
    identification_detail = models.CharField(max_length=300, blank=True)
    identified_at = models.DateTimeField(null=True, blank=True)
    virus_check = models.CharField(max_length=300, blank=True)
    virus_checked_at = models.DateTimeField(null=True, blank=True)
    stored_name = models.CharField(max_length=500, blank=True)
    stored_at = models.DateTimeField(null=True, blank=True)
    digital_object = models.ForeignKey(DigitalObject, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+")

    class Meta:
        ordering = ["transfer_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["transfer", "path"], name="accessions_transfer_file_path")]


class TransferEvent(models.Model):
    """A step of a transfer's processing, as its sender and the staff see it."""

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    step = models.CharField(max_length=30, choices=TransferStep.choices)
    outcome = models.CharField(max_length=20, choices=StepOutcome.choices)
    detail = models.TextField(blank=True)
    detail_i18n = models.JSONField(default=dict, blank=True)
    agent = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["transfer_id", "at", "id"]
        indexes = [models.Index(fields=["transfer", "at"], name="accessions_transfer_event")]

    @property
    def detail_text(self) -> str:
        """The detail in the reader's language (`detail` keeps it as the sender reads it)."""
        return localized(self.detail_i18n, self.detail)


class FixityAuditState(models.Model):
    """Where the periodic fixity audit stopped (one row): it resumes after this digital object id."""

    last_digital_object_id = models.BigIntegerField(default=0)
    cycle = models.PositiveIntegerField(default=1)
    cycle_started_at = models.DateTimeField(default=timezone.now)
    last_run_at = models.DateTimeField(null=True, blank=True)
    checked_in_cycle = models.BigIntegerField(default=0)


class FixityAlert(models.Model):
    """A stored file whose checksum changed or which went missing, found by the fixity audit."""

    digital_object = models.ForeignKey(DigitalObject, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="+")
    problem = models.CharField(_("problem"), max_length=20, choices=FixityProblem.choices)
    object_name = models.CharField(max_length=500)
    expected_sha256 = models.CharField(max_length=64)
    found_sha256 = models.CharField(max_length=64, blank=True)
    detected_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    resolution = models.TextField(_("resolution"), blank=True)

    class Meta:
        verbose_name = _("fixity alert")
        verbose_name_plural = _("fixity alerts")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["digital_object"], condition=Q(resolved_at__isnull=True),
                                               name="accessions_fixity_alert_open")]
        indexes = [models.Index(fields=["archive", "-id"], name="accessions_fixity_archive")]


class AuditEntry(models.Model):
    """Who did what and when on the objects of this app (every service writes one)."""

    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    target = models.CharField(max_length=20)
    target_id = models.BigIntegerField()
    action = models.CharField(max_length=50)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target", "target_id", "-at"], name="accessions_audit_target")]

    @property
    def action_label(self) -> str:
        from .choices import AUDIT_ACTIONS

        return str(AUDIT_ACTIONS.get(self.action, self.action))
