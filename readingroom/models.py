"""Reading-room requests (copies, certificates, visits, access), their history and deliveries;
the holiday calendar, request terms and price lists; redaction regions and issued certificates."""
import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from holdings.models import Archive, DigitalObject, Unit

from .choices import (
    AccessGround,
    CertificateKind,
    CertificateLanguage,
    CopyKind,
    DayCount,
    DeliveryKind,
    DeliveryMethod,
    EventAction,
    FeeService,
    HolidayKind,
    RequestKind,
    RequestStatus,
)


class Holiday(models.Model):
    """A day in the holiday calendar the administrator keeps: a day off, or a transferred working day."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=HolidayKind.choices, default=HolidayKind.HOLIDAY)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holiday calendar")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"

    @property
    def name(self) -> str:
        lang = (get_language() or "ru")[:2]
        return getattr(self, f"name_{lang}", "") or self.name_ru or self.name_kk or self.name_en


class RequestTerm(models.Model):
    """How long the archive has to answer one kind of request (absent: the built-in default)."""

    kind = models.CharField(_("request kind"), max_length=20, choices=RequestKind.choices, unique=True)
    days = models.PositiveSmallIntegerField(_("days"))
    count = models.CharField(_("counted in"), max_length=20, choices=DayCount.choices, default=DayCount.CALENDAR)

    class Meta:
        verbose_name = _("request term")
        verbose_name_plural = _("request terms")
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.days} ({self.get_count_display()})"


class PriceListItem(models.Model):
    """One paid service in an archive's price list, in tenge."""

    archive = models.ForeignKey(Archive, on_delete=models.CASCADE, related_name="+", verbose_name=_("archive"))
    service = models.CharField(_("service"), max_length=30, choices=FeeService.choices)
    price = models.DecimalField(_("price, tenge"), max_digits=10, decimal_places=2)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("price list item")
        verbose_name_plural = _("price list")
        ordering = ["archive_id", "service"]
        constraints = [
            models.UniqueConstraint(fields=["archive", "service"], name="readingroom_price_unique"),
            models.CheckConstraint(condition=models.Q(price__gte=0), name="readingroom_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_service_display()}: {self.price}"


class Request(models.Model):
    """A citizen's request to one archive: a copy order, a certificate, a visit, or access."""

    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="+", verbose_name=_("archive"))
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("requester"))
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices,
                              default=RequestStatus.SUBMITTED)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    due_date = models.DateField(_("due date"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("assigned to"))
    message = models.TextField(_("message"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    delivery = models.CharField(_("delivery"), max_length=20, choices=DeliveryMethod.choices,
                                default=DeliveryMethod.DOWNLOAD)
    # copy orders
    copy_kind = models.CharField(_("copy kind"), max_length=20, choices=CopyKind.choices, blank=True)
    data_subject_claim = models.BooleanField(
        _("the requester says the records are about them"), default=False)
    # certificates
    certificate_kind = models.CharField(_("certificate kind"), max_length=30, choices=CertificateKind.choices,
                                        blank=True)
    certificate_language = models.CharField(_("certificate language"), max_length=2,
                                            choices=CertificateLanguage.choices, blank=True)
    person_name = models.CharField(_("full name in the records"), max_length=300, blank=True)
    organization = models.CharField(_("organization"), max_length=500, blank=True)
    year_from = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    position = models.CharField(_("position"), max_length=300, blank=True)
    # visits
    visit_date = models.DateField(_("visit date"), null=True, blank=True)
    # access requests
    ground = models.CharField(_("ground"), max_length=20, choices=AccessGround.choices, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    # identity check by staff
    identity_verified_at = models.DateTimeField(_("identity verified"), null=True, blank=True)
    identity_verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                             blank=True, related_name="+")
    identity_document = models.CharField(_("identity document"), max_length=200, blank=True)
    # fee
    fee = models.DecimalField(_("fee, tenge"), max_digits=10, decimal_places=2, default=0)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    paid_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                         blank=True, related_name="+")
    payment_reference = models.CharField(_("payment reference"), max_length=200, blank=True)
    refusal_reason = models.TextField(_("refusal reason"), blank=True)

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["requester", "-id"], name="readingroom_req_requester"),
            models.Index(fields=["archive", "status", "due_date"], name="readingroom_req_queue"),
            models.Index(fields=["archive", "visit_date"], name="readingroom_req_visit"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}"

    @property
    def number(self) -> str:
        return f"{self.submitted_at:%Y}-{self.pk:06d}" if self.pk else ""

    @property
    def is_open(self) -> bool:
        return self.status in (RequestStatus.SUBMITTED, RequestStatus.IN_PROGRESS)

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()

    @property
    def identity_verified(self) -> bool:
        return self.identity_verified_at is not None

    @property
    def fee_due(self) -> bool:
        return self.fee > 0 and self.paid_at is None


class RequestItem(models.Model):
    """A unit a request names: to copy (whole or listed sheets), to bring to a visit, or to open."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="items")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    sheets = models.CharField(_("sheets"), max_length=200, blank=True,
                              help_text=_("Empty for the whole unit, or e.g. 1-3, 7"))

    class Meta:
        verbose_name = _("requested unit")
        verbose_name_plural = _("requested units")
        ordering = ["request_id", "id"]
        constraints = [models.UniqueConstraint(fields=["request", "unit"], name="readingroom_item_unique")]


class RequestAttachment(models.Model):
    """A document the citizen attached (a work book page, a consent, a certificate of inheritance)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="readingroom/attachments/%Y/%m/", max_length=500)
    original_name = models.CharField(max_length=300)
    size = models.BigIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["request_id", "id"]


class RequestEvent(models.Model):
    """One line of a request's history: who did what and when; `public` lines the citizen sees."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    action = models.CharField(max_length=20, choices=EventAction.choices)
    from_status = models.CharField(max_length=20, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=RequestStatus.choices, blank=True)
    note = models.TextField(blank=True)
    # What the system itself says (a date, a number, a count), kept as data and worded when shown,
    # so that the citizen reads it in their own language, not in the language of the staff member.
    data = models.JSONField(default=dict, blank=True)
    public = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request history")
        ordering = ["request_id", "at", "id"]

    @property
    def text(self) -> str:
        """The detail of the line in the current language: the system's part, then the person's note."""
        parts = [p for p in (self._system_text(), self.note.strip()) if p]
        return ". ".join(parts)

    def _system_text(self) -> str:
        from .formats import long_date

        data = self.data or {}
        if self.action == EventAction.FILES and "files" in data:
            return ngettext("%(n)d file, %(r)d of them redacted", "%(n)d files, %(r)d of them redacted",
                            data["files"]) % {"n": data["files"], "r": data.get("redacted", 0)}
        if self.action == EventAction.CERTIFICATE and data.get("number"):
            return gettext("Certificate No. %(number)s") % {"number": data["number"]}
        if self.action == EventAction.FEE and "fee" in data:
            return gettext("%(fee)s tenge") % {"fee": data["fee"]}
        if self.action in (EventAction.GRANT, EventAction.RENEWED) and data.get("until"):
            until = long_date(dt.date.fromisoformat(data["until"]))
            if self.action == EventAction.GRANT:
                return gettext("Access until %(date)s") % {"date": until}
            return gettext("Files can be downloaded until %(date)s") % {"date": until}
        return ""


class Delivery(models.Model):
    """A file produced for a request; downloadable by the requester (and the archive's staff) until
    it expires."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(max_length=20, choices=DeliveryKind.choices, default=DeliveryKind.IMAGE)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    page = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(upload_to="readingroom/deliveries/%Y/%m/", max_length=500)
    name = models.CharField(max_length=300)
    size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100)
    redacted = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    expires_at = models.DateTimeField()
    download_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("delivered file")
        verbose_name_plural = _("delivered files")
        ordering = ["request_id", "unit_id", "page", "id"]

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()


class RedactionRegion(models.Model):
    """A rectangle on a page image, in fractions of its width and height, burned in black on every
    copy delivered to anyone but the data subject. The stored page itself never changes."""

    page = models.ForeignKey(DigitalObject, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    x = models.FloatField()
    y = models.FloatField()
    width = models.FloatField()
    height = models.FloatField()
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    # Removed regions stay, marked, so the record of what was hidden when is kept.
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("redaction region")
        verbose_name_plural = _("redaction regions")
        ordering = ["page_id", "id"]
        indexes = [models.Index(fields=["unit", "page"], name="readingroom_redaction_unit")]
        constraints = [models.CheckConstraint(
            condition=models.Q(x__gte=0, y__gte=0, width__gt=0, height__gt=0, x__lte=1, y__lte=1),
            name="readingroom_redaction_in_page")]


class CertificateTemplate(models.Model):
    """The wording staff start from when writing a certificate; placeholders in braces:
    {person}, {organization}, {position}, {years}, {details}."""

    kind = models.CharField(_("certificate kind"), max_length=30, choices=CertificateKind.choices)
    language = models.CharField(_("language"), max_length=2, choices=CertificateLanguage.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        ordering = ["kind", "language"]
        constraints = [models.UniqueConstraint(fields=["kind", "language"], name="readingroom_template_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"


class Certificate(models.Model):
    """An issued archival certificate; `/verify/<code>` shows its number, archive and date only."""

    request = models.OneToOneField(Request, on_delete=models.PROTECT, related_name="certificate")
    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("number"), max_length=50, unique=True)
    verification_code = models.CharField(_("verification code"), max_length=32, unique=True)
    language = models.CharField(_("language"), max_length=2, choices=CertificateLanguage.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    grounds = models.JSONField(default=list, help_text=_("Reference codes and sheets the text rests on"))
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    sha256 = models.CharField(max_length=64)
    delivery = models.OneToOneField(Delivery, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.number
