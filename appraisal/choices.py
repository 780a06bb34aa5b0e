"""Constants of the appraisal app."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RetentionKind(models.TextChoices):
    """How long a document type of the retention schedule is kept."""

    PERMANENT = "permanent", _("Permanent")
    YEARS = "years", _("N years")
    YEARS_EPK = "years_epk", _("N years, with expert review (EPK)")


class CommissionKind(models.TextChoices):
    """Who the expert commission belongs to."""

    ORGANIZATION = "organization", _("Expert commission of an organization")
    ARCHIVE = "archive", _("Expert-verification commission of an archive")
    CENTRAL = "central", _("Central expert-verification commission")


class CaseScope(models.TextChoices):
    """What an appraisal case covers."""

    INVENTORY = "inventory", _("A whole inventory")
    UNITS = "units", _("Selected units")


class CaseStatus(models.TextChoices):
    """States of an appraisal case; the allowed moves are in services.TRANSITIONS."""

    DRAFT = "draft", pgettext_lazy("appraisal case", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("appraisal case", "Submitted")
    UNDER_REVIEW = "under_review", pgettext_lazy("appraisal case", "Under review")
    APPROVED = "approved", pgettext_lazy("appraisal case", "Approved")
    RETURNED = "returned", pgettext_lazy("appraisal case", "Returned")
    EXECUTED = "executed", pgettext_lazy("appraisal case", "Executed")
    CANCELLED = "cancelled", pgettext_lazy("appraisal case", "Cancelled")


# A unit may be in at most one case in these states (see CaseUnit.is_open).
OPEN_STATUSES = (CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.UNDER_REVIEW, CaseStatus.RETURNED)
EDITABLE_STATUSES = (CaseStatus.DRAFT, CaseStatus.RETURNED)


class Outcome(models.TextChoices):
    """What the case proposes for one unit."""

    PERMANENT = "permanent", _("Keep permanently")
    TEMPORARY = "temporary", _("Keep for a number of years")
    DESTROY = "destroy", _("Destroy")


class VoteDecision(models.TextChoices):
    """A commission member's vote on a case."""

    APPROVE = "approve", pgettext_lazy("vote", "Approve")
    RETURN = "return", pgettext_lazy("vote", "Return for rework")


class CaseAction(models.TextChoices):
    """What a case event records."""

    CREATE = "create", _("Created")
    EDIT = "edit", _("Edited")
    UNITS_ADD = "units_add", _("Units added")
    UNITS_REMOVE = "units_remove", _("Units removed")
    PROPOSALS = "proposals", _("Proposals changed")
    SUBMIT = "submit", _("Submitted")
    START_REVIEW = "start_review", _("Review started")
    VOTE = "vote", _("Voted")
    OBJECT = "object", _("Objected to a unit")
    APPROVE = "approve", _("Approved")
    RETURN = "return", _("Returned")
    CANCEL = "cancel", _("Cancelled")
    ACT_AMEND = "act_amend", _("Act amended")
    EXECUTE = "execute", _("Act executed")


class ActStatus(models.TextChoices):
    """A destruction act is approved with its case, then executed."""

    APPROVED = "approved", pgettext_lazy("destruction act", "Approved, awaiting destruction")
    EXECUTED = "executed", pgettext_lazy("destruction act", "Executed")


VALUABLE_CATEGORIES = ("especially_valuable", "unique")
