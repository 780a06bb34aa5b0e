"""Appraisal: the retention schedule, expert commissions, appraisal cases with their proposals,
votes and objections, and destruction acts.

Links from holdings records to schedule articles live here (UnitArticle, InventoryArticle), so the
holdings tables stay narrow. A unit may be in one open case at a time: CaseUnit.is_open carries a
partial unique index, so the database refuses a second open membership even if a service forgot."""
import math

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from holdings import codes
from holdings.choices import ValueCategory
from holdings.models import Archive, Inventory, Unit, number_sort_key

from .choices import (
    ActStatus,
    CaseAction,
    CaseScope,
    CaseStatus,
    CommissionKind,
    Outcome,
    RetentionKind,
    VoteDecision,
)


def retention_label(kind: str, years: int | None) -> str:
    """"Permanent", "5 years", "10 years (EPK)" in the active language ("" for no retention)."""
    if not kind:
        return ""
    if kind == RetentionKind.PERMANENT:
        return str(_("Permanent"))
    text = ngettext("%(n)d year", "%(n)d years", years or 0) % {"n": years or 0}
    if kind == RetentionKind.YEARS_EPK:
        return str(_("%(years)s (EPK)") % {"years": text})
    return text


# ---------------------------------------------------------------- retention schedule
class RetentionSchedule(models.Model):
    """One version of the standard retention schedule, as approved by an order (number and date)."""

    title_kk = models.CharField(_("title (Kazakh)"), max_length=500)
    title_ru = models.CharField(_("title (Russian)"), max_length=500)
    order_number = models.CharField(_("order number"), max_length=50)
    order_date = models.DateField(_("order date"))
    issued_by = models.CharField(_("issued by"), max_length=300, blank=True)
    is_current = models.BooleanField(_("current version"), default=False)
    article_count = models.PositiveIntegerField(_("articles"), default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("retention schedule")
        verbose_name_plural = _("retention schedules")
        ordering = ["-order_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["order_number", "order_date"], name="appraisal_schedule_order_unique"),
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True),
                                    name="appraisal_schedule_one_current"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (№ {self.order_number}, {self.order_date:%d.%m.%Y})"

    @property
    def title(self) -> str:
        return self.title_kk if (get_language() or "")[:2] == "kk" and self.title_kk else self.title_ru


class ScheduleArticle(models.Model):
    """An article of the retention schedule: a document type and how long it is kept."""

    schedule = models.ForeignKey(RetentionSchedule, on_delete=models.CASCADE, related_name="articles",
                                 verbose_name=_("retention schedule"))
    number = models.CharField(_("article"), max_length=20)
    sort_key = models.BigIntegerField(editable=False, default=0)
    document_type_kk = models.TextField(_("document type (Kazakh)"))
    document_type_ru = models.TextField(_("document type (Russian)"))
    retention_kind = models.CharField(_("retention"), max_length=20, choices=RetentionKind.choices)
    retention_years = models.PositiveSmallIntegerField(_("retention, years"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("schedule article")
        verbose_name_plural = _("schedule articles")
        ordering = ["schedule_id", "sort_key", "number"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "number"], name="appraisal_article_number_unique"),
            models.CheckConstraint(
                condition=Q(retention_kind=RetentionKind.PERMANENT, retention_years__isnull=True)
                | (~Q(retention_kind=RetentionKind.PERMANENT) & Q(retention_years__gt=0)),
                name="appraisal_article_years_match_kind"),
        ]
        indexes = [models.Index(fields=["schedule", "sort_key", "id"], name="appraisal_article_browse")]

    def __str__(self) -> str:
        return str(_("Art. %(number)s") % {"number": self.number})

    def save(self, *args, **kwargs):
        self.sort_key = number_sort_key(self.number)
        super().save(*args, **kwargs)

    @property
    def document_type(self) -> str:
        return self.document_type_kk if (get_language() or "")[:2] == "kk" and self.document_type_kk \
            else self.document_type_ru

    @property
    def retention_label(self) -> str:
        """"Permanent", "5 years", "10 years (EPK)" in the active language."""
        return retention_label(self.retention_kind, self.retention_years)


class UnitArticle(models.Model):
    """The schedule article that applies to a unit (kept here, not on the unit row)."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, primary_key=True, related_name="appraisal_article")
    article = models.ForeignKey(ScheduleArticle, on_delete=models.PROTECT, related_name="+")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("article of a unit")


class InventoryArticle(models.Model):
    """The schedule article that applies to every unit of an inventory that has none of its own."""

    inventory = models.OneToOneField(Inventory, on_delete=models.CASCADE, primary_key=True,
                                     related_name="appraisal_article")
    article = models.ForeignKey(ScheduleArticle, on_delete=models.PROTECT, related_name="+")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("article of an inventory")


# ---------------------------------------------------------------- commissions
class ExpertCommission(models.Model):
    """An expert commission: of an organization, of an archive, or the central one."""

    name = models.CharField(_("name"), max_length=300)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300, blank=True,
                               help_text=_("Used on Kazakh pages and in the Kazakh destruction act."))
    kind = models.CharField(_("kind"), max_length=20, choices=CommissionKind.choices)
    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="expert_commissions", verbose_name=_("archive"),
                                help_text=_("Empty only for the central commission."))
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("chair"))
    secretary = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("secretary"))
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum, per cent of members"), default=50,
        help_text=_("At least this share of the members must vote for a decision."))
    quorum_min = models.PositiveSmallIntegerField(
        _("quorum, minimum members"), default=2,
        help_text=_("And at least this many members, whatever the share."))
    is_active = models.BooleanField(_("active"), default=True)
    member_count = models.PositiveSmallIntegerField(_("members"), default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("expert commission")
        verbose_name_plural = _("expert commissions")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quorum_percent__gte=1, quorum_percent__lte=100),
                                   name="appraisal_commission_quorum_percent"),
            models.CheckConstraint(condition=Q(kind=CommissionKind.CENTRAL) | Q(archive__isnull=False),
                                   name="appraisal_commission_archive_unless_central"),
        ]

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        return self.name_kk if language[:2] == "kk" and self.name_kk else self.name

    @property
    def local_name(self) -> str:
        """The name in the active language (Kazakh when given, else the main name)."""
        return self.name_in(get_language() or "ru")

    @property
    def is_central(self) -> bool:
        return self.kind == CommissionKind.CENTRAL

    def quorum_needed(self, members: int | None = None) -> int:
        """How many members must vote: the larger of the share and the minimum, never above the members."""
        members = self.member_count if members is None else members
        need = max(self.quorum_min, math.ceil(members * self.quorum_percent / 100))
        return min(need, members) if members else max(need, 1)


class CommissionMember(models.Model):
    """A member of an expert commission (a user with the appraisal_expert role)."""

    commission = models.ForeignKey(ExpertCommission, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("commission member")
        verbose_name_plural = _("commission members")
        ordering = ["commission_id", "id"]
        constraints = [models.UniqueConstraint(fields=["commission", "user"], name="appraisal_member_unique")]
        indexes = [models.Index(fields=["user", "commission"], name="appraisal_member_user")]


# ---------------------------------------------------------------- cases
class AppraisalCase(models.Model):
    """An appraisal case: units of one archive put before an expert commission."""

    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="+", verbose_name=_("archive"))
    year = models.PositiveSmallIntegerField(editable=False)
    seq = models.PositiveIntegerField(editable=False)
    title = models.CharField(_("title"), max_length=500)
    commission = models.ForeignKey(ExpertCommission, on_delete=models.PROTECT, related_name="cases",
                                   verbose_name=_("expert commission"))
    scope = models.CharField(_("scope"), max_length=20, choices=CaseScope.choices)
    inventory = models.ForeignKey(Inventory, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("inventory"))
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.DRAFT)
    round = models.PositiveSmallIntegerField(_("review round"), default=0,
                                             help_text=_("Counts submissions; votes belong to one round."))
    unit_count = models.PositiveIntegerField(_("units"), default=0, editable=False)
    destroy_count = models.PositiveIntegerField(_("units proposed for destruction"), default=0, editable=False)
    decision_comment = models.TextField(_("decision comment"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("author"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True,
                                     help_text=_("From approval on, proposals cannot be changed."))
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("appraisal case")
        verbose_name_plural = _("appraisal cases")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["archive", "year", "seq"], name="appraisal_case_number_unique"),
            models.CheckConstraint(condition=~Q(scope=CaseScope.INVENTORY) | Q(inventory__isnull=False),
                                   name="appraisal_case_inventory_scope"),
        ]
        indexes = [
            models.Index(fields=["archive", "status", "-id"], name="appraisal_case_archive"),
            models.Index(fields=["commission", "status", "-id"], name="appraisal_case_commission"),
        ]
        permissions = [("vote_on_case", _("Commission member: sees and votes on this case"))]

    def __str__(self) -> str:
        return str(_("Case %(number)s") % {"number": self.number})

    @property
    def number(self) -> str:
        return f"{self.year}-{self.seq}"


class CaseUnit(models.Model):
    """A unit in a case with the proposed outcome and the schedule article as its ground.

    `is_open` is true while the case is open for this unit; the partial unique index on it keeps a
    unit in at most one open case."""

    case = models.ForeignKey(AppraisalCase, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("proposed outcome"), max_length=20, choices=Outcome.choices,
                               default=Outcome.PERMANENT)
    retention_years = models.PositiveSmallIntegerField(_("retention, years"), null=True, blank=True)
    article = models.ForeignKey(ScheduleArticle, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("schedule article"))
    value_category = models.CharField(_("value category"), max_length=30, choices=ValueCategory.choices,
                                      blank=True, help_text=_("Empty: leave the unit's category as it is."))
    note = models.CharField(_("note"), max_length=500, blank=True)
    is_open = models.BooleanField(default=True, editable=False)

    class Meta:
        verbose_name = _("proposal for a unit")
        verbose_name_plural = _("proposals")
        ordering = ["case_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "unit"], name="appraisal_caseunit_unique"),
            models.UniqueConstraint(fields=["unit"], condition=Q(is_open=True),
                                    name="appraisal_caseunit_one_open_case"),
            models.CheckConstraint(condition=~Q(outcome=Outcome.TEMPORARY) | Q(retention_years__gt=0),
                                   name="appraisal_caseunit_temporary_years"),
        ]
        indexes = [models.Index(fields=["case", "outcome", "id"], name="appraisal_caseunit_outcome")]


class CaseEvent(models.Model):
    """Who did what to a case and when: every transition, vote, objection and amendment."""

    case = models.ForeignKey(AppraisalCase, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=20, choices=CaseAction.choices)
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    comment = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["case_id", "at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="appraisal_event_case")]


class Vote(models.Model):
    """A member's vote on a case in one review round."""

    case = models.ForeignKey(AppraisalCase, on_delete=models.CASCADE, related_name="votes")
    round = models.PositiveSmallIntegerField()
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("decision"), max_length=10, choices=VoteDecision.choices)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["case_id", "round", "at", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "round", "voter"], name="appraisal_vote_once")]


class UnitObjection(models.Model):
    """A member's objection to the proposal for one unit of a case."""

    case = models.ForeignKey(AppraisalCase, on_delete=models.CASCADE, related_name="objections")
    case_unit = models.ForeignKey(CaseUnit, on_delete=models.CASCADE, related_name="objections")
    round = models.PositiveSmallIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("comment"))
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["case_id", "at", "id"]
        indexes = [models.Index(fields=["case_unit", "at"], name="appraisal_objection_unit")]


# ---------------------------------------------------------------- destruction acts
class DestructionAct(models.Model):
    """The act listing the units a commission approved for destruction; executing it destroys them."""

    case = models.OneToOneField(AppraisalCase, on_delete=models.PROTECT, related_name="act")
    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(editable=False)
    seq = models.PositiveIntegerField(editable=False)
    date = models.DateField(_("act date"))
    legal_basis_ru = models.TextField(_("legal basis (Russian)"))
    legal_basis_kk = models.TextField(_("legal basis (Kazakh)"))
    status = models.CharField(_("status"), max_length=20, choices=ActStatus.choices, default=ActStatus.APPROVED)
    item_count = models.PositiveIntegerField(_("units"), default=0)
    total_sheets = models.PositiveIntegerField(_("sheets in all"), default=0)
    created_at = models.DateTimeField(default=timezone.now)
    executed_at = models.DateTimeField(_("executed"), null=True, blank=True)
    executed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("executed by"))
    # Who and what approved the act, copied at approval, so that a later change of the commission (a new
    # chair, members, a renamed archive) does not change a signed act: archive and commission names in
    # Kazakh and Russian, chair, secretary, other members and the vote.
    snapshot = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("destruction act")
        verbose_name_plural = _("destruction acts")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["archive", "year", "seq"], name="appraisal_act_number_unique")]

    def __str__(self) -> str:
        return str(_("Act № %(number)s") % {"number": self.number})

    @property
    def number(self) -> str:
        return f"{self.year}-{self.seq}"

    def legal_basis_in(self, language: str) -> str:
        return self.legal_basis_kk if language[:2] == "kk" and self.legal_basis_kk else self.legal_basis_ru

    @property
    def legal_basis(self) -> str:
        return self.legal_basis_in(get_language() or "ru")

    def _named(self, key: str, language: str) -> str:
        names = self.snapshot.get(key) or {}
        return names.get("kk") if language[:2] == "kk" and names.get("kk") else names.get("ru", "")

    def archive_name_in(self, language: str) -> str:
        return self._named("archive", language)

    def commission_name_in(self, language: str) -> str:
        return self._named("commission", language)

    @property
    def archive_name(self) -> str:
        return self.archive_name_in(get_language() or "ru")

    @property
    def commission_name(self) -> str:
        return self.commission_name_in(get_language() or "ru")

    @property
    def chair_name(self) -> str:
        return self.snapshot.get("chair", "")

    @property
    def secretary_name(self) -> str:
        return self.snapshot.get("secretary", "")

    @property
    def other_member_names(self) -> list[str]:
        """Members who sign below the chair and the secretary."""
        return list(self.snapshot.get("members", []))

    @property
    def vote(self) -> dict:
        return self.snapshot.get("vote", {})


class DestructionActItem(models.Model):
    """One line of a destruction act, copied at approval so the signed list never changes.

    The unit itself stays (as a tombstone once destroyed); `unit` is kept for the link."""

    act = models.ForeignKey(DestructionAct, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    reference_code = models.CharField(max_length=100)
    title = models.TextField()
    date_start = models.DateField(null=True, blank=True)
    date_end = models.DateField(null=True, blank=True)
    extent_sheets = models.PositiveIntegerField(null=True, blank=True)
    article_number = models.CharField(max_length=20, blank=True)
    # The article's retention as the act was approved (the act prints "5 years, art. 158").
    retention_kind = models.CharField(max_length=20, choices=RetentionKind.choices, blank=True)
    retention_years = models.PositiveSmallIntegerField(null=True, blank=True)

    @property
    def retention_label(self) -> str:
        return retention_label(self.retention_kind, self.retention_years)

    @property
    def local_code(self) -> str:
        """The stored reference code in the active language."""
        return codes.localize(self.reference_code)

    class Meta:
        verbose_name = _("act item")
        ordering = ["act_id", "position"]
        constraints = [models.UniqueConstraint(fields=["act", "position"], name="appraisal_actitem_position")]


# ---------------------------------------------------------------- object permissions (direct FK)
class AppraisalCaseUserObjectPermission(UserObjectPermissionBase):
    """A user's right on one case (commission members: vote_on_case)."""

    content_object = models.ForeignKey(AppraisalCase, on_delete=models.CASCADE)


class AppraisalCaseGroupObjectPermission(GroupObjectPermissionBase):
    """A group's right on one case."""

    content_object = models.ForeignKey(AppraisalCase, on_delete=models.CASCADE)

