"""Reads of the appraisal app, already permission-filtered and with what their pages need loaded."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from holdings import access
from holdings.choices import ValueCategory
from holdings.models import Unit

from . import permissions
from .choices import ActStatus, CaseAction, CaseStatus, Outcome, VoteDecision
from .models import (
    AppraisalCase,
    CaseEvent,
    CaseUnit,
    CommissionMember,
    DestructionAct,
    DestructionActItem,
    ExpertCommission,
    RetentionSchedule,
    ScheduleArticle,
    UnitObjection,
    Vote,
)

CASE_RELATED = ("archive", "commission", "inventory__fonds", "created_by", "decided_by")


# ---------------------------------------------------------------- cases
def _case_number_q(q: str) -> Q:
    """A case number typed as "2026-7" (or "№ 2026-7") finds that case; any text searches the titles."""
    text = q.strip().lstrip("№").strip()
    year, sep, seq = text.partition("-")
    found = Q(title__icontains=q.strip())
    if sep and year.isdigit() and seq.isdigit() and len(year) == 4 and len(seq) <= 9:
        found |= Q(year=int(year), seq=int(seq))
    return found


def cases_for(user, *, status: str = "", archive_id: int | None = None, commission_id: int | None = None,
              awaiting_me: bool = False, q: str = "") -> QuerySet[AppraisalCase]:
    """The cases a user may see, newest first, filtered; `awaiting_me` keeps those under review
    in a commission of the user where the user has not voted yet; `q` is a case number or words of
    the title."""
    qs = permissions.cases_visible_to(AppraisalCase.objects.all(), user).select_related(*CASE_RELATED)
    if q and q.strip():
        qs = qs.filter(_case_number_q(q[:200]))
    if status:
        qs = qs.filter(status=status)
    if archive_id:
        qs = qs.filter(archive_id=archive_id)
    if commission_id:
        qs = qs.filter(commission_id=commission_id)
    if awaiting_me:
        voted = Vote.objects.filter(case=OuterRef("pk"), round=OuterRef("round"), voter=user)
        member = CommissionMember.objects.filter(commission=OuterRef("commission_id"), user=user)
        qs = qs.filter(Exists(member), status=CaseStatus.UNDER_REVIEW).exclude(Exists(voted))
    return qs.order_by("-id")


def case_for(user, pk) -> AppraisalCase:
    """One case the user may see, or 404 (never 403: a case outside one's scope does not exist)."""
    try:
        return cases_for(user).get(pk=int(pk))
    except (AppraisalCase.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def case_units(case: AppraisalCase, *, after: int | None = None, outcome: str = "") -> QuerySet[CaseUnit]:
    """Proposals of a case in list order, with their unit's reference code and objections counted."""
    qs = (CaseUnit.objects.filter(case=case).select_related("unit__inventory__fonds", "article")
          .annotate(objection_count=Count("objections", filter=Q(objections__round=case.round)))
          .order_by("id"))
    if outcome:
        qs = qs.filter(outcome=outcome)
    if after:
        qs = qs.filter(id__gt=after)
    return qs


def unit_title(user, unit: Unit) -> str:
    """The unit's title as this user may see it (holdings.access decides)."""
    return access.unit_view(unit, user).title


def case_votes(case: AppraisalCase) -> list[Vote]:
    return list(Vote.objects.filter(case=case, round=case.round).select_related("voter").order_by("at", "id"))


def case_objections(case: AppraisalCase) -> list[UnitObjection]:
    return list(UnitObjection.objects.filter(case=case).select_related("user", "case_unit__unit__inventory__fonds")
                .order_by("-at", "-id")[:200])


def case_events(case: AppraisalCase) -> list[CaseEvent]:
    return list(CaseEvent.objects.filter(case=case).select_related("user").order_by("at", "id"))


@dataclass(frozen=True)
class Tally:
    """The vote of the current round: who may vote, who voted how, and whether it decides."""

    members: int
    voted: int
    approvals: int
    returns: int
    quorum_needed: int

    @property
    def has_quorum(self) -> bool:
        return self.members > 0 and self.voted >= self.quorum_needed

    @property
    def majority_needed(self) -> int:
        """More than half of all the commission's members (not only of those who voted)."""
        return self.members // 2 + 1

    @property
    def has_majority(self) -> bool:
        return self.approvals >= self.majority_needed


DECIDED = (CaseStatus.APPROVED, CaseStatus.EXECUTED, CaseStatus.RETURNED)


def case_tally(case: AppraisalCase) -> Tally:
    """The vote of the current round. Once the chair has closed it (approved or returned), the tally
    recorded with that decision (one query), so that a later change of the commission's members does
    not change a decided vote; before that, two queries: the members, and the votes of members."""
    if case.status in DECIDED:
        action = CaseAction.RETURN if case.status == CaseStatus.RETURNED else CaseAction.APPROVE
        data = (CaseEvent.objects.filter(case=case, action=action).order_by("-at", "-id")
                .values_list("data", flat=True).first()) or {}
        if "members" in data:
            return Tally(members=data["members"], voted=data["voted"], approvals=data["approvals"],
                         returns=data["returns"], quorum_needed=data["quorum_needed"])
    member_ids = list(CommissionMember.objects.filter(commission_id=case.commission_id)
                      .values_list("user_id", flat=True))
    counts = Vote.objects.filter(case=case, round=case.round, voter_id__in=member_ids).aggregate(
        voted=Count("id"), approvals=Count("id", filter=Q(decision=VoteDecision.APPROVE)),
        returns=Count("id", filter=Q(decision=VoteDecision.RETURN)))
    return Tally(members=len(member_ids), voted=counts["voted"], approvals=counts["approvals"],
                 returns=counts["returns"], quorum_needed=case.commission.quorum_needed(len(member_ids)))


def case_outcome_counts(case: AppraisalCase) -> dict[str, int]:
    rows = CaseUnit.objects.filter(case=case).values("outcome").annotate(n=Count("id")).order_by()
    counts = {o: 0 for o in Outcome.values}
    counts.update({r["outcome"]: r["n"] for r in rows})
    return counts


# ---------------------------------------------------------------- acts
def act_for(user, pk) -> DestructionAct:
    """An act is seen by whoever sees its case."""
    visible = permissions.cases_visible_to(AppraisalCase.objects.all(), user)
    try:
        return (DestructionAct.objects.filter(case__in=visible.values("pk"))
                .select_related("case__commission__chair", "case__commission__secretary", "case__archive",
                                "executed_by").get(pk=int(pk)))
    except (DestructionAct.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def acts_for(user, *, status: str = "", archive_id: int | None = None) -> QuerySet[DestructionAct]:
    """The acts whose cases the user sees, newest first (with their case and commission)."""
    visible = permissions.cases_visible_to(AppraisalCase.objects.all(), user)
    qs = (DestructionAct.objects.filter(case__in=visible.values("pk"))
          .select_related("case__commission", "archive", "executed_by").order_by("-id"))
    if status in ActStatus.values:
        qs = qs.filter(status=status)
    if archive_id:
        qs = qs.filter(archive_id=archive_id)
    return qs


def act_items(act: DestructionAct) -> QuerySet[DestructionActItem]:
    return act.items.select_related("unit").order_by("position")


def commission_members(commission: ExpertCommission) -> list[CommissionMember]:
    return list(CommissionMember.objects.filter(commission=commission).select_related("user").order_by("id"))


# ---------------------------------------------------------------- schedules and commissions
def schedules() -> QuerySet[RetentionSchedule]:
    return RetentionSchedule.objects.order_by("-is_current", "-order_date", "-id")


def articles(schedule: RetentionSchedule, *, q: str = "", after_key: tuple[int, int] | None = None
             ) -> QuerySet[ScheduleArticle]:
    qs = ScheduleArticle.objects.filter(schedule=schedule).order_by("sort_key", "id")
    if q:
        qs = qs.filter(Q(number__iexact=q) | Q(document_type_ru__icontains=q) | Q(document_type_kk__icontains=q))
    if after_key:
        qs = qs.filter(Q(sort_key__gt=after_key[0]) | Q(sort_key=after_key[0], id__gt=after_key[1]))
    return qs


def commissions_for(user) -> QuerySet[ExpertCommission]:
    """Commissions a user may see: those they manage and those they sit on."""
    if permissions.is_administrator(user):
        qs = ExpertCommission.objects.all()
    else:
        member = CommissionMember.objects.filter(commission=OuterRef("pk"), user=user)
        qs = ExpertCommission.objects.filter(
            Q(archive_id__in=permissions.archivist_archive_ids(user)) | Exists(member))
    return qs.select_related("archive", "chair", "secretary").order_by("name", "id")


def commissions_of_cases(user) -> QuerySet[ExpertCommission]:
    """The commissions of the cases a user sees (the choices of the case list's filter)."""
    cases = permissions.cases_visible_to(AppraisalCase.objects.all(), user)
    return ExpertCommission.objects.filter(pk__in=cases.values("commission_id")).order_by("kind", "name", "id")


def commissions_for_case(archive_id: int) -> QuerySet[ExpertCommission]:
    """The commissions a case of this archive may go to: the archive's own and the central ones."""
    return (ExpertCommission.objects.filter(is_active=True)
            .filter(Q(archive_id=archive_id) | Q(kind="central")).order_by("kind", "name"))


# ---------------------------------------------------------------- insurance copies
INSURANCE_CATEGORIES = (ValueCategory.ESPECIALLY_VALUABLE, ValueCategory.UNIQUE)


def insurance_units(user, archive_id: int, *, after: int | None = None) -> QuerySet[Unit]:
    """Extant units of an archive with a value category calling for an insurance copy."""
    if archive_id not in permissions.insurance_archive_ids(user) and not user.is_superuser:
        return Unit.objects.none()
    qs = (Unit.objects.visible_to(user).with_codes()
          .filter(archive_id=archive_id, value_category__in=INSURANCE_CATEGORIES, status="extant").order_by("id"))
    if after:
        qs = qs.filter(id__gt=after)
    return qs
