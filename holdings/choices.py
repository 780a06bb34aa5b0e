"""Constants of the holdings app."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class ArchiveKind(models.TextChoices):
    """The kinds of state archive."""

    PRESIDENTIAL = "presidential", _("Presidential archive")
    CENTRAL = "central", _("Central state archive")
    SPECIALIZED = "specialized", _("Specialized state archive")
    REGIONAL = "regional", _("Regional archive")
    CITY = "city", _("City archive")
    DISTRICT = "district", _("District archive")


class FondsKind(models.TextChoices):
    """Whose records a fonds holds."""

    INSTITUTION = "institution", _("Institution")
    PERSONAL = "personal", _("Personal")
    COLLECTION = "collection", _("Collection")


class ValueCategory(models.TextChoices):
    """Value category assigned by appraisal; the top two drive insurance copies."""

    ORDINARY = "ordinary", _("Ordinary")
    ESPECIALLY_VALUABLE = "especially_valuable", _("Especially valuable")
    UNIQUE = "unique", _("Unique")


class AccessLevel(models.TextChoices):
    """Access level of a fonds, inventory or unit (design, section 5)."""

    OPEN = "open", _("Open")
    PERSONAL = "personal", _("Contains personal data")
    RESTRICTED = "restricted", _("Restricted")
    CLOSED = "closed", _("Closed")


class UnitAccessLevel(models.TextChoices):
    """A unit's or inventory's own setting: inherit from above, or one of the levels."""

    INHERIT = "inherit", _("Inherit")
    OPEN = "open", _("Open")
    PERSONAL = "personal", _("Contains personal data")
    RESTRICTED = "restricted", _("Restricted")
    CLOSED = "closed", _("Closed")


class InventoryStatus(models.TextChoices):
    """Approval status of an inventory."""

    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class Media(models.TextChoices):
    """The carrier of a unit."""

    PAPER = "paper", _("Paper")
    PHOTO = "photo", _("Photo")
    AUDIOVISUAL = "audiovisual", _("Audiovisual")
    SOUND = "sound", _("Sound")
    ELECTRONIC = "electronic", _("Electronic")
    MICROFILM = "microfilm", _("Microfilm")


class UnitStatus(models.TextChoices):
    """Physical state of a unit; destroyed units keep a tombstone record."""

    EXTANT = "extant", _("Extant")
    LOST = "lost", _("Lost")
    DESTROYED = "destroyed", _("Destroyed")


class Retention(models.TextChoices):
    """Retention set by appraisal."""

    UNDETERMINED = "undetermined", _("Not yet appraised")
    PERMANENT = "permanent", _("Permanent")
    TEMPORARY = "temporary", _("Temporary")


class DigitalObjectRole(models.TextChoices):
    """What a stored file is for; visitors are only ever served access copies."""

    MASTER = "master", _("Master")
    ACCESS = "access", _("Access copy")
    SCAN_PAGE = "scan_page", _("Scan page")
    THUMBNAIL = "thumbnail", _("Thumbnail")


class StaffRole(models.TextChoices):
    """Per-archive staff rights: each is an object permission on the Archive."""

    ARCHIVIST = "manage_holdings", _("Archivist (describes holdings)")
    READING_ROOM = "handle_requests", _("Reading-room staff (answers requests)")
    EXPERT = "appraise", _("Appraisal expert")


class AccessAction(models.TextChoices):
    """What an access-log entry records."""

    VIEW = "view", _("Viewed")
    DOWNLOAD = "download", _("Downloaded")
    EXPORT = "export", _("Exported")
    GRANT = "grant", _("Access granted")
    REVOKE = "revoke", _("Access revoked")
    STAFF_GRANT = "staff_grant", _("Staff right granted")
    STAFF_REVOKE = "staff_revoke", _("Staff right revoked")


class PreservationEventType(models.TextChoices):
    """PREMIS event types the system records."""

    INGESTION = "ingestion", _("Ingestion")
    FIXITY_CHECK = "fixity_check", _("Fixity check")
    FORMAT_IDENTIFICATION = "format_identification", _("Format identification")
    VIRUS_CHECK = "virus_check", _("Virus check")
    VALIDATION = "validation", _("Validation")
    METADATA_EXTRACTION = "metadata_extraction", _("Metadata extraction")
    CREATION = "creation", _("Derivative creation")
    DELETION = "deletion", _("Deletion")
    ACCESSION = "accession", _("Accession")


class EventOutcome(models.TextChoices):
    """Outcome of a preservation event."""

    SUCCESS = "success", _("Success")
    FAILURE = "failure", _("Failure")
    WARNING = "warning", _("Warning")


class ImportStatus(models.TextChoices):
    """States of an inventory import job (transitions in holdings/importer.py)."""

    UPLOADED = "uploaded", _("Uploaded")
    CHECKING = "checking", _("Checking")
    CHECKED = "checked", _("Checked, ready to load")
    INVALID = "invalid", _("Has errors")
    LOADING = "loading", _("Loading")
    DONE = "done", _("Loaded")
    FAILED = "failed", _("Failed")
