"""Expert commissions and their members; membership drives the members' grants on cases."""
from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.choices import Role
from holdings.models import Archive

from .. import permissions
from ..choices import CaseStatus, CommissionKind
from ..models import AppraisalCase, AppraisalCaseUserObjectPermission, CommissionMember, ExpertCommission
from .common import AppraisalError, AppraisalPermissionError

User = get_user_model()
# Cases whose members' grants follow the commission's membership (history stays with past members).
LIVE_STATUSES = (CaseStatus.SUBMITTED, CaseStatus.UNDER_REVIEW, CaseStatus.RETURNED)


def vote_permission() -> Permission:
    return Permission.objects.get(content_type__app_label="appraisal", codename=permissions.VOTE_PERM)


def grant_case_to_members(case: AppraisalCase) -> None:
    """Gives every current member of the case's commission `vote_on_case` on it (no duplicates)."""
    perm = vote_permission()
    user_ids = CommissionMember.objects.filter(commission_id=case.commission_id).values_list("user_id", flat=True)
    AppraisalCaseUserObjectPermission.objects.bulk_create(
        [AppraisalCaseUserObjectPermission(user_id=uid, permission=perm, content_object=case) for uid in user_ids],
        ignore_conflicts=True)


def revoke_case_from_non_members(case: AppraisalCase) -> int:
    """Takes the case away from everyone who is not a member of its (new) commission."""
    members = CommissionMember.objects.filter(commission_id=case.commission_id).values("user_id")
    deleted, _rows = AppraisalCaseUserObjectPermission.objects.filter(content_object=case).exclude(
        user_id__in=members).delete()
    return deleted


def _check_experts(users: Sequence) -> None:
    ids = {u.pk for u in users}
    experts = set(User.objects.filter(pk__in=ids, groups__name=Role.EXPERT).values_list("pk", flat=True))
    not_experts = [u for u in users if u.pk not in experts]
    if not_experts:
        raise AppraisalError(_("Only appraisal experts can be commission members: %(names)s is not one.")
                             % {"names": ", ".join(sorted({u.display_name for u in not_experts}))})


def _check_fields(*, kind: str, archive: Archive | None, quorum_percent: int, quorum_min: int, name: str) -> None:
    if not (name or "").strip():
        raise AppraisalError(_("A commission needs a name."))
    if kind not in CommissionKind.values:
        raise AppraisalError(_("Unknown kind of commission."))
    if kind != CommissionKind.CENTRAL and archive is None:
        raise AppraisalError(_("Only the central commission may have no archive."))
    if not 1 <= int(quorum_percent) <= 100:
        raise AppraisalError(_("The quorum share must be between 1 and 100 per cent."))
    if int(quorum_min) < 1:
        raise AppraisalError(_("The quorum needs at least one member."))


def commission_create(*, actor, name: str, kind: str, archive: Archive | None, chair, secretary,
                      members: Sequence = (), quorum_percent: int = 50, quorum_min: int = 2,
                      name_kk: str = "") -> ExpertCommission:
    """Creates a commission; the chair and the secretary are members too. `name_kk` is its Kazakh name."""
    if not permissions.may_manage_commission(actor, archive_id=archive.pk if archive else None,
                                             central=kind == CommissionKind.CENTRAL):
        raise AppraisalPermissionError(_("You may not set up commissions for this archive."))
    _check_fields(kind=kind, archive=archive, quorum_percent=quorum_percent, quorum_min=quorum_min, name=name)
    everyone = list({u.pk: u for u in [chair, secretary, *members]}.values())
    _check_experts(everyone)
    with transaction.atomic():
        commission = ExpertCommission.objects.create(
            name=name.strip(), name_kk=(name_kk or "").strip(), kind=kind, archive=archive, chair=chair,
            secretary=secretary, quorum_percent=quorum_percent, quorum_min=quorum_min, member_count=len(everyone))
        CommissionMember.objects.bulk_create([CommissionMember(commission=commission, user=u) for u in everyone])
    return commission


def commission_update(*, actor, commission: ExpertCommission, **data) -> ExpertCommission:
    """Changes names, chair, secretary, quorum or the active flag; a new chair or secretary joins the members.
    Acts already approved keep the commission as it was (DestructionAct.snapshot)."""
    if not permissions.may_manage_commission(actor, commission):
        raise AppraisalPermissionError(_("You may not change this commission."))
    allowed = {"name", "name_kk", "chair", "secretary", "quorum_percent", "quorum_min", "is_active"}
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(f"Unknown fields: {unknown}")
    for key, value in data.items():
        setattr(commission, key, value.strip() if isinstance(value, str) else value)
    _check_fields(kind=commission.kind, archive=commission.archive, quorum_percent=commission.quorum_percent,
                  quorum_min=commission.quorum_min, name=commission.name)
    with transaction.atomic():
        for role in ("chair", "secretary"):
            if role in data:
                _check_experts([data[role]])
                _add_member(commission, data[role])
        commission.save()
    return commission


def _add_member(commission: ExpertCommission, user) -> bool:
    _member, created = CommissionMember.objects.get_or_create(commission=commission, user=user)
    if created:
        commission.member_count = CommissionMember.objects.filter(commission=commission).count()
        ExpertCommission.objects.filter(pk=commission.pk).update(member_count=commission.member_count)
        perm = vote_permission()
        cases = AppraisalCase.objects.filter(commission=commission).exclude(
            status__in=[CaseStatus.DRAFT, CaseStatus.CANCELLED]).values_list("pk", flat=True)
        AppraisalCaseUserObjectPermission.objects.bulk_create(
            [AppraisalCaseUserObjectPermission(user=user, permission=perm, content_object_id=pk) for pk in cases],
            ignore_conflicts=True)
    return created


def commission_member_add(*, actor, commission: ExpertCommission, user) -> None:
    """Adds an expert; they see the commission's submitted cases from now on."""
    if not permissions.may_manage_commission(actor, commission):
        raise AppraisalPermissionError(_("You may not change this commission."))
    _check_experts([user])
    with transaction.atomic():
        if not _add_member(commission, user):
            raise AppraisalError(_("%(name)s is already a member.") % {"name": user.display_name})


def commission_member_remove(*, actor, commission: ExpertCommission, user) -> None:
    """Removes a member (not the chair or the secretary); they lose their grants on open cases."""
    if not permissions.may_manage_commission(actor, commission):
        raise AppraisalPermissionError(_("You may not change this commission."))
    if user.pk in (commission.chair_id, commission.secretary_id):
        raise AppraisalError(_("Appoint another chair or secretary before removing %(name)s.")
                             % {"name": user.display_name})
    with transaction.atomic():
        deleted, _rows = CommissionMember.objects.filter(commission=commission, user=user).delete()
        if not deleted:
            raise AppraisalError(_("%(name)s is not a member.") % {"name": user.display_name})
        commission.member_count = CommissionMember.objects.filter(commission=commission).count()
        ExpertCommission.objects.filter(pk=commission.pk).update(member_count=commission.member_count)
        AppraisalCaseUserObjectPermission.objects.filter(
            user=user, content_object__commission=commission, content_object__status__in=LIVE_STATUSES).delete()
