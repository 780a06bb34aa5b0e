"""Who may manage staff, and which archives: the one place that decides for the staff app.

Administrators (the `administrator` group, or superusers) manage staff. A regional administrator
has an AdministratorScope row naming a region and sees only that region's archives; an
administrator without a row, or with an empty region, and every superuser are national."""
from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from accounts.choices import Role
from holdings.models import Archive, Region

from .models import AdministratorScope, StaffMember

_CACHE_KEY = "_staff_admin_scope"


@dataclass(frozen=True)
class Scope:
    """What an administrator may see: everything (national) or one region."""

    region_id: int | None
    region: Region | None = None

    @property
    def national(self) -> bool:
        return self.region_id is None


def is_administrator(user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or user.has_role(Role.ADMINISTRATOR)


def admin_scope(user) -> Scope | None:
    """The administrator's scope, or None for anyone who is not an administrator. Cached on the user."""
    if not is_administrator(user):
        return None
    if _CACHE_KEY not in user.__dict__:
        row = None if user.is_superuser else (
            AdministratorScope.objects.filter(user=user).select_related("region").first())
        region = row.region if row is not None else None
        user.__dict__[_CACHE_KEY] = Scope(region_id=region.pk if region else None, region=region)
    return user.__dict__[_CACHE_KEY]


def forget_scope(user) -> None:
    user.__dict__.pop(_CACHE_KEY, None)


def is_national_administrator(user) -> bool:
    scope = admin_scope(user)
    return scope is not None and scope.national


def archives_for(user) -> QuerySet[Archive]:
    """Archives the administrator manages (none for anyone else)."""
    scope = admin_scope(user)
    qs = Archive.objects.select_related("region").order_by("code")
    if scope is None:
        return qs.none()
    return qs if scope.national else qs.filter(region_id=scope.region_id)


def regions_for(user) -> QuerySet[Region]:
    scope = admin_scope(user)
    qs = Region.objects.order_by("code")
    if scope is None:
        return qs.none()
    return qs if scope.national else qs.filter(pk=scope.region_id)


def staff_members_for(user) -> QuerySet[StaffMember]:
    """Staff members of the archives the administrator manages."""
    scope = admin_scope(user)
    qs = StaffMember.objects.all()
    if scope is None:
        return qs.none()
    return qs if scope.national else qs.filter(archive__region_id=scope.region_id)


def can_manage_archive(user, archive: Archive) -> bool:
    scope = admin_scope(user)
    return scope is not None and (scope.national or archive.region_id == scope.region_id)


def ensure_can_manage_archive(user, archive: Archive) -> None:
    """Raises PermissionDenied unless the user administers the archive (services call it)."""
    if user is not None and not can_manage_archive(user, archive):
        raise PermissionDenied("This archive is outside your scope.")


def ensure_national(user) -> None:
    """Raises PermissionDenied unless the user is a national administrator (rules, positions, scopes)."""
    if user is not None and not is_national_administrator(user):
        raise PermissionDenied("Only national administrators may do this.")
