"""Constants of the staff app."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class PositionCategory(models.TextChoices):
    """Staff category of a position (the staffing table groups positions by it)."""

    MANAGEMENT = "management", _("Management")
    CORE = "core", _("Core archival staff")
    ADMINISTRATIVE = "administrative", _("Administrative staff")
    SUPPORT = "support", _("Technical and support staff")


class PeriodKind(models.TextChoices):
    """A report covers one month or one calendar year."""

    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class ReportFormat(models.TextChoices):
    """Downloadable forms of the allowance report."""

    XLSX = "xlsx", "XLSX"
    CSV = "csv", "CSV"
    PDF = "pdf", "PDF"


class ReportLanguage(models.TextChoices):
    """Languages the printable report is produced in."""

    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")


class StaffAction(models.TextChoices):
    """What a staff audit event records."""

    MEMBER_CREATE = "member_create", _("Staff member added")
    MEMBER_UPDATE = "member_update", _("Staff member changed")
    MEMBER_END = "member_end", _("Employment ended")
    APPOINTMENT = "appointment", _("Position or rate set")
    SALARY = "salary", _("Base salary set")
    TRAINING = "training", _("Training recorded")
    POSITION = "position", _("Position saved")
    RULE = "rule", _("Allowance rule saved")
    RURAL_STATUS = "rural_status", _("Archive rural status set")
    SCOPE = "scope", _("Administrator scope set")
    RIGHT_GRANT = "right_grant", _("Archive role granted")
    RIGHT_REVOKE = "right_revoke", _("Archive role revoked")
