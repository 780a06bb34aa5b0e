"""Who may see and change appraisal objects: the one place that decides for this app.

- A case is seen by the archivists (manage_holdings) of its archive and by the members of its
  commission, who hold a `vote_on_case` grant on it (django-guardian, direct-FK table, written by
  the services when the case is submitted). Everyone else gets 404.
- Archivists of the case's archive edit it while it is a draft or returned, and execute its act.
- Members vote and object while it is under review; the chair (or the secretary) starts the
  review, the chair closes the vote.
- Retention schedules are managed by administrators; commissions by administrators and by the
  archivists of the commission's archive (the central commission by administrators only)."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.choices import Role
from holdings import access
from holdings.choices import StaffRole

from .choices import EDITABLE_STATUSES, CaseStatus
from .models import AppraisalCase, AppraisalCaseUserObjectPermission, CommissionMember, ExpertCommission

VOTE_PERM = "vote_on_case"


def is_administrator(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.has_role(Role.ADMINISTRATOR)))


def is_expert(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.EXPERT))


def archivist_archive_ids(user) -> frozenset[int]:
    return access.staff_archive_ids(user, StaffRole.ARCHIVIST)


def may_use_appraisal(user) -> bool:
    """Shows the appraisal section in the back office: archivists, experts and administrators."""
    if not user or not user.is_authenticated:
        return False
    return bool(is_administrator(user) or is_expert(user) or archivist_archive_ids(user))


def may_create_cases(user) -> bool:
    return bool(archivist_archive_ids(user))


def cases_visible_to(queryset: QuerySet[AppraisalCase], user) -> QuerySet[AppraisalCase]:
    """The cases a user may see: their archive's (archivists) and their commission's (members)."""
    if user is None or not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    granted = AppraisalCaseUserObjectPermission.objects.filter(
        user=user, content_object=OuterRef("pk"), permission__codename=VOTE_PERM)
    return queryset.filter(Q(archive_id__in=archivist_archive_ids(user)) | Exists(granted))


@dataclass(frozen=True)
class CaseRights:
    """What one user may do with one case now (computed once per request)."""

    edit: bool
    member: bool
    chair: bool
    secretary: bool
    archivist: bool

    @property
    def vote(self) -> bool:
        return self.member

    @property
    def start_review(self) -> bool:
        return self.chair or self.secretary


def case_rights(user, case: AppraisalCase) -> CaseRights:
    """One query (membership); the case must come with its commission loaded."""
    archivist = case.archive_id in archivist_archive_ids(user) or bool(user.is_superuser)
    member = CommissionMember.objects.filter(commission_id=case.commission_id, user_id=user.pk).exists()
    return CaseRights(
        edit=archivist and case.status in EDITABLE_STATUSES,
        member=member,
        chair=member and case.commission.chair_id == user.pk,
        secretary=member and case.commission.secretary_id == user.pk,
        archivist=archivist,
    )


def may_execute(user, case: AppraisalCase) -> bool:
    return case.status == CaseStatus.APPROVED and (
        user.is_superuser or case.archive_id in archivist_archive_ids(user))


def commissions_manageable_by(queryset: QuerySet[ExpertCommission], user) -> QuerySet[ExpertCommission]:
    if is_administrator(user):
        return queryset
    return queryset.filter(archive_id__in=archivist_archive_ids(user))


def may_manage_commission(user, commission: ExpertCommission | None = None, *, archive_id: int | None = None,
                          central: bool = False) -> bool:
    if is_administrator(user):
        return True
    if commission is not None:
        archive_id, central = commission.archive_id, commission.is_central
    return not central and archive_id is not None and archive_id in archivist_archive_ids(user)


def may_manage_schedule(user) -> bool:
    return is_administrator(user)


def may_set_articles(user, archive_id: int) -> bool:
    return bool(user.is_superuser or archive_id in archivist_archive_ids(user))


def insurance_archive_ids(user) -> frozenset[int]:
    """The archives whose insurance-copy list a user may see: where they are staff (any right)."""
    return access.staff_archive_ids(user)
