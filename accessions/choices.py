"""Constants of the accessions app."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SourceKind(models.TextChoices):
    """Who an archive acquires records from."""

    STATE_AGENCY = "state_agency", _("State agency")
    QUASI_PUBLIC = "quasi_public", _("Quasi-public sector")
    BUSINESS = "business", _("Business")
    PRIVATE_PERSON = "private_person", _("Private person")
    PRODUCER = "producer", _("Producer of audiovisual works")


class LetterLanguage(models.TextChoices):
    """The language of letters and acts sent to a source."""

    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")


class AccessionKind(models.TextChoices):
    """How records came into the archive."""

    SCHEDULED = "scheduled", _("Scheduled transfer")
    COMPULSORY_DEPOSIT = "compulsory_deposit", _("Compulsory deposit")
    VOLUNTARY_DEPOSIT = "voluntary_deposit", _("Voluntary deposit")
    GIFT = "gift", _("Gift")
    PURCHASE = "purchase", _("Purchase")
    ELECTRONIC = "electronic", _("Electronic transfer")


class AccessionStatus(models.TextChoices):
    """Workflow of an act of acceptance."""

    DRAFT = "draft", _("Draft")
    RECEIVED = "received", _("Received")
    PROCESSED = "processed", _("Processed")
    REJECTED = "rejected", _("Rejected")


class Funding(models.TextChoices):
    """Who paid for an audiovisual work."""

    STATE = "state", _("State budget")
    PRIVATE = "private", _("Private")
    MIXED = "mixed", _("Mixed")


class WorkKind(models.TextChoices):
    """The kinds of audiovisual work in the register."""

    FILM = "film", _("Film")
    VIDEO = "video", _("Video")
    SOUND = "sound", _("Sound recording")
    BROADCAST = "broadcast", _("Broadcast")


class ObligationStatus(models.TextChoices):
    """Workflow of a compulsory deposit obligation."""

    DUE = "due", _("Due")
    OVERDUE = "overdue", _("Overdue")
    DEPOSITED = "deposited", _("Deposited")


class OfferStatus(models.TextChoices):
    """Workflow of a voluntary deposit offer."""

    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class ReminderKind(models.TextChoices):
    """Why a deposit reminder was sent."""

    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class TransferStatus(models.TextChoices):
    """Workflow of an electronic transfer (the API answers these codes)."""

    UPLOADED = "uploaded", _("Uploaded")
    VERIFYING = "verifying", _("Verifying")
    STORED = "stored", _("Stored")
    ACCESSIONED = "accessioned", _("Accessioned")
    FAILED = "failed", _("Failed")


class TransferStep(models.TextChoices):
    """The steps of the ingest pipeline, as named in a transfer's events."""

    UPLOAD = "upload", pgettext_lazy("transfer step", "Upload")
    UNPACK = "unpack", _("Unpacking")
    VALIDATION = "validation", _("Bag validation")
    METADATA = "metadata", _("Metadata")
    FORMAT = "format_identification", _("Format identification")
    VIRUS = "virus_check", _("Virus check")
    STORAGE = "storage", _("Storage")
    ACCESSION = "accession", _("Accession")
    RETRY = "retry", _("Retry")


class StepOutcome(models.TextChoices):
    """Outcome of a pipeline step."""

    SUCCESS = "success", _("Success")
    FAILURE = "failure", _("Failure")
    WARNING = "warning", _("Warning")
    SKIPPED = "skipped", _("Skipped")


class IdentificationMethod(models.TextChoices):
    """How a file's format was identified."""

    FIDO = "fido", _("PRONOM signature (fido)")
    SIGNATURE = "signature", _("File signature table")
    NONE = "none", _("Not identified")


class MediaProcessingStatus(models.TextChoices):
    """State of technical metadata and derivatives of a deposited audiovisual file."""

    PENDING = "pending", _("Pending")
    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Skipped")
    FAILED = "failed", _("Failed")


class FixityProblem(models.TextChoices):
    """What the fixity audit found wrong with a stored file."""

    MISMATCH = "mismatch", _("Checksum mismatch")
    MISSING = "missing", _("File missing")


# What each audit action reads as in the history lists.
AUDIT_ACTIONS = {
    "create": _("created"),
    "update": _("changed"),
    "items_add": _("units listed"),
    "item_remove": _("unit removed from the act"),
    "receive": _("records received"),
    "process": _("units created in holdings"),
    "reject": _("rejected"),
    "register": _("registered"),
    "move_due_date": _("due date moved"),
    "overdue": _("became overdue"),
    "deposited": _("copy deposited"),
    "received": _("offered copy received"),
    "accept": _("offer accepted"),
    "decline": _("offer declined"),
    "agency_account_create": _("system account created"),
    "agency_account_enable": _("system account enabled"),
    "agency_account_disable": _("system account disabled"),
    "agency_account_token_reset": _("system account token replaced"),
    "submit": _("package received"),
    "retry": _("sent again"),
    "fail": _("failed"),
    "accession": _("accessioned"),
    "create_from_transfer": _("created from an electronic transfer"),
    "resolve": _("resolved"),
}
