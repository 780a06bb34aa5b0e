"""Staff of the archives: positions, staff members with their appointment and salary history, the
archives' rural status over time, allowance rules, training records and administrators' scopes.

Everything that changes a staff member's allowance is a dated row (valid from a day on), so a
month's calculation can be replayed and every figure traced to its inputs."""
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_iin
from holdings.models import Archive, Region

from .choices import PositionCategory, StaffAction

RATE_MIN = Decimal("0.01")
RATE_MAX = Decimal("1.5")


def _localized(obj, field: str) -> str:
    lang = (get_language() or "ru")[:2]
    value = getattr(obj, f"{field}_{lang}", "") if lang in ("kk", "ru") else ""
    return value or getattr(obj, f"{field}_ru", "") or getattr(obj, f"{field}_kk", "")


class Recorded(models.Model):
    """Who recorded a row, and when."""

    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", editable=False, verbose_name=_("recorded by"))

    class Meta:
        abstract = True


class Position(Recorded):
    """A position in the staffing table; only specialist positions can earn the rural allowance."""

    title_kk = models.CharField(_("title (Kazakh)"), max_length=200)
    title_ru = models.CharField(_("title (Russian)"), max_length=200)
    is_specialist = models.BooleanField(
        _("specialist position"), default=True,
        help_text=_("Specialists in rural archives are entitled to the rural allowance."))
    category = models.CharField(_("category"), max_length=20, choices=PositionCategory.choices,
                                default=PositionCategory.CORE)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["title_ru", "id"]
        constraints = [models.UniqueConstraint(fields=["title_ru"], name="staff_position_title_ru_unique")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _localized(self, "title")


class StaffMember(Recorded):
    """One employment of a person in one archive; `position` and `rate` mirror the latest appointment."""

    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    middle_name = models.CharField(_("patronymic"), max_length=100, blank=True)
    iin = models.CharField(_("IIN"), max_length=12, validators=[validate_iin],
                           help_text=_("Individual identification number, 12 digits."))
    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="staff_members",
                                verbose_name=_("archive"))
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="+", verbose_name=_("position"))
    rate = models.DecimalField(_("rate"), max_digits=4, decimal_places=3,
                               validators=[MinValueValidator(RATE_MIN), MaxValueValidator(RATE_MAX)],
                               help_text=_("Share of a full-time post: 1 is full time, 0.5 is half time."))
    employment_start = models.DateField(_("employed from"))
    employment_end = models.DateField(_("employed until"), null=True, blank=True,
                                      help_text=_("The last day of employment; empty while employed."))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="staff_records", verbose_name=_("user account"))
    # Names and IIN case-folded in Python: SQLite's LIKE folds only ASCII, and names are Cyrillic.
    search_text = models.CharField(max_length=420, editable=False, blank=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", editable=False)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["iin", "archive", "employment_start"], name="staff_member_unique"),
            models.CheckConstraint(condition=Q(employment_end__isnull=True) | Q(employment_end__gte=F("employment_start")),
                                   name="staff_member_end_after_start"),
            models.CheckConstraint(condition=Q(rate__gt=0) & Q(rate__lte=RATE_MAX), name="staff_member_rate_range"),
        ]
        indexes = [
            models.Index(fields=["archive", "employment_start"], name="staff_member_archive"),
            models.Index(fields=["iin"], name="staff_member_iin"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    def refresh_search_text(self) -> None:
        self.search_text = f"{self.full_name} {self.iin}".casefold()

    def is_employed_on(self, day) -> bool:
        return self.employment_start <= day and (self.employment_end is None or day <= self.employment_end)


class Appointment(Recorded):
    """From `valid_from` on, the staff member holds `position` at `rate` (an order of appointment)."""

    staff_member = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="appointments",
                                     verbose_name=_("staff member"))
    valid_from = models.DateField(_("valid from"))
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="appointments",
                                 verbose_name=_("position"))
    rate = models.DecimalField(_("rate"), max_digits=4, decimal_places=3,
                               validators=[MinValueValidator(RATE_MIN), MaxValueValidator(RATE_MAX)])
    basis = models.CharField(_("basis"), max_length=300, blank=True, help_text=_("Order number and date."))

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["staff_member_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["staff_member", "valid_from"], name="staff_appointment_unique"),
            models.CheckConstraint(condition=Q(rate__gt=0) & Q(rate__lte=RATE_MAX), name="staff_appointment_rate_range"),
        ]

    def __str__(self) -> str:
        return f"{self.valid_from}: {self.position} × {self.rate}"


class SalaryRecord(Recorded):
    """From `valid_from` on, the staff member's monthly base salary (full-time, tenge)."""

    staff_member = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="salaries",
                                     verbose_name=_("staff member"))
    valid_from = models.DateField(_("valid from"))
    base_salary = models.DecimalField(_("base salary, tenge"), max_digits=12, decimal_places=2,
                                      validators=[MinValueValidator(Decimal("0.01"))])
    basis = models.CharField(_("basis"), max_length=300, blank=True, help_text=_("Order number and date."))

    class Meta:
        verbose_name = _("base salary")
        verbose_name_plural = _("base salaries")
        ordering = ["staff_member_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["staff_member", "valid_from"], name="staff_salary_unique"),
            models.CheckConstraint(condition=Q(base_salary__gt=0), name="staff_salary_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.valid_from}: {self.base_salary}"


class ArchiveRuralPeriod(Recorded):
    """From `valid_from` on, the archive is (or is not) a rural archive; an archive can be reclassified.

    With no row for an archive, its `Archive.is_rural` flag applies."""

    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="rural_periods",
                                verbose_name=_("archive"))
    valid_from = models.DateField(_("valid from"))
    is_rural = models.BooleanField(_("rural archive"))
    basis = models.CharField(_("basis"), max_length=300, blank=True,
                             help_text=_("The decision that classified the archive."))

    class Meta:
        verbose_name = _("archive rural status")
        verbose_name_plural = _("archive rural statuses")
        ordering = ["archive_id", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["archive", "valid_from"], name="staff_rural_period_unique")]

    def __str__(self) -> str:
        return f"{self.archive_id} {self.valid_from}: {self.is_rural}"


class AllowanceRule(Recorded):
    """The allowance rule in force from `valid_from` until the next rule: a percent of base salary,
    paid to staff meeting its conditions. Changing the law means adding a rule, not changing code."""

    valid_from = models.DateField(_("valid from"), unique=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    percent = models.DecimalField(_("percent of base salary"), max_digits=5, decimal_places=2,
                                  validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))])
    specialists_only = models.BooleanField(_("only specialist positions"), default=True)
    rural_only = models.BooleanField(_("only rural archives"), default=True)
    basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("allowance rule")
        verbose_name_plural = _("allowance rules")
        ordering = ["valid_from"]
        constraints = [models.CheckConstraint(condition=Q(percent__gte=0) & Q(percent__lte=100),
                                              name="staff_rule_percent_range")]

    def __str__(self) -> str:
        return f"{self.name} ({self.percent}%, {self.valid_from})"

    @property
    def name(self) -> str:
        return _localized(self, "name")

    def applies_to(self, *, is_specialist: bool, is_rural: bool) -> bool:
        return ((not self.specialists_only or is_specialist) and (not self.rural_only or is_rural)
                and self.percent > 0)


def certificate_upload_to(instance: "TrainingRecord", filename: str) -> str:
    return f"staff/certificates/{timezone.now():%Y/%m}/{filename}"


class TrainingRecord(Recorded):
    """A training or qualification programme a staff member completed."""

    staff_member = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="trainings",
                                     verbose_name=_("staff member"))
    program = models.CharField(_("programme"), max_length=300)
    provider = models.CharField(_("provider"), max_length=300, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    hours = models.PositiveIntegerField(_("hours"), validators=[MinValueValidator(1)])
    certificate_number = models.CharField(_("certificate number"), max_length=100, blank=True)
    certificate_file = models.FileField(_("certificate file"), upload_to=certificate_upload_to, blank=True)

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-end_date", "-id"]
        constraints = [models.CheckConstraint(condition=Q(end_date__gte=F("start_date")),
                                              name="staff_training_end_after_start")]
        indexes = [models.Index(fields=["end_date"], name="staff_training_end")]

    def __str__(self) -> str:
        return f"{self.program} ({self.start_date} – {self.end_date})"


class AdministratorScope(models.Model):
    """Limits an administrator to one region's archives; no row (or no region) means national."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="administrator_scope", verbose_name=_("administrator"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("region"), help_text=_("Empty: the whole country."))
    set_at = models.DateTimeField(_("set at"), default=timezone.now)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("set by"))

    class Meta:
        verbose_name = _("administrator scope")
        verbose_name_plural = _("administrator scopes")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.region_id or 'national'}"


class StaffEvent(models.Model):
    """Append-only audit trail of every write in the staff app."""

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("by"))
    action = models.CharField(_("action"), max_length=20, choices=StaffAction.choices)
    staff_member = models.ForeignKey(StaffMember, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="events", verbose_name=_("staff member"))
    archive = models.ForeignKey(Archive, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("archive"))
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("staff event")
        verbose_name_plural = _("staff events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["staff_member", "-at"], name="staff_event_member")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Staff events are append-only.")
        super().save(*args, **kwargs)
