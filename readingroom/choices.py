"""Constants of the reading room: request kinds, their states, grounds, fees and the calendar."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RequestKind(models.TextChoices):
    """The four things a citizen can ask for online."""

    COPY = "copy", _("Copy order")
    CERTIFICATE = "certificate", _("Archival certificate")
    VISIT = "visit", _("Reading-room visit")
    ACCESS = "access", _("Access to a restricted record")


class RequestStatus(models.TextChoices):
    """submitted -> in_progress -> ready | refused; the transitions live in services.TRANSITIONS."""

    # A context: other apps' catalogues translate a bare "Submitted" for their own (feminine) objects.
    SUBMITTED = "submitted", pgettext_lazy("request status", "Submitted")
    IN_PROGRESS = "in_progress", _("In progress")
    READY = "ready", _("Ready")
    REFUSED = "refused", _("Refused")


OPEN_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.IN_PROGRESS)


class CopyKind(models.TextChoices):
    """The two copy kinds the law names."""

    ELECTRONIC = "electronic", _("Electronic copy of a paper document")
    PAPER = "paper", _("Paper copy of an electronic document")


class DeliveryMethod(models.TextChoices):
    """How the citizen receives the result."""

    DOWNLOAD = "download", _("Download from my account")
    PICKUP = "pickup", _("Pick up at the reading room")


class CertificateKind(models.TextChoices):
    """Social-legal certificates and archival copies or extracts."""

    WORK_RECORD = "work_record", _("Confirmation of work record")
    SALARY = "salary", _("Confirmation of salary")
    AWARDS = "awards", _("Confirmation of awards")
    EDUCATION = "education", _("Confirmation of education")
    OTHER = "other", _("Other social-legal certificate")
    ARCHIVAL_COPY = "archival_copy", _("Archival copy")
    ARCHIVAL_EXTRACT = "archival_extract", _("Archival extract")


SOCIAL_LEGAL = (CertificateKind.WORK_RECORD, CertificateKind.SALARY, CertificateKind.AWARDS,
                CertificateKind.EDUCATION, CertificateKind.OTHER)


class AccessGround(models.TextChoices):
    """The ground on which a person asks for the full record of a personal or restricted unit."""

    DATA_SUBJECT = "data_subject", _("I am the person the record is about (data subject)")
    HEIR = "heir", _("I am an heir of the data subject")
    CONSENT = "consent", _("I have the written consent of the data subject")
    RESEARCH = "research", _("Research purpose, with the archive's approval")


class CertificateLanguage(models.TextChoices):
    """Certificates are written in Kazakh or Russian."""

    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")


class EventAction(models.TextChoices):
    """What a request history entry records."""

    SUBMITTED = "submitted", pgettext_lazy("request status", "Submitted")
    TAKEN = "taken", _("Taken into work")
    ASSIGNED = "assigned", _("Assigned")
    NOTE = "note", _("Note")
    FEE = "fee", _("Fee set")
    PAYMENT = "payment", _("Payment recorded")
    IDENTITY = "identity", _("Identity verified")
    FILES = "files", _("Files produced")
    CERTIFICATE = "certificate", _("Certificate issued")
    GRANT = "grant", _("Access granted")
    READY = "ready", _("Ready")
    REFUSED = "refused", _("Refused")
    RENEWED = "renewed", _("Download links renewed")


class FeeService(models.TextChoices):
    """Paid services of an archive's price list."""

    ELECTRONIC_COPY_PAGE = "electronic_copy_page", _("Electronic copy, per page")
    PAPER_COPY_PAGE = "paper_copy_page", _("Paper copy, per page")
    ARCHIVAL_COPY = "archival_copy", _("Archival copy, per request")
    ARCHIVAL_EXTRACT = "archival_extract", _("Archival extract, per request")


class DayCount(models.TextChoices):
    """How a request term is counted."""

    CALENDAR = "calendar", _("Calendar days (a last day off moves to the next working day)")
    WORKING = "working", _("Working days")


class HolidayKind(models.TextChoices):
    """A day off on a weekday, or a weekend day declared a working day (transfer)."""

    HOLIDAY = "holiday", _("Day off")
    WORKING_DAY = "working_day", _("Working day (transferred)")


class DeliveryKind(models.TextChoices):
    """What a delivered file is."""

    IMAGE = "image", _("Page image")
    CERTIFICATE = "certificate", _("Certificate")
