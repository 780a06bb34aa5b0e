"""Who sees what of the holdings: the one place that decides (design, section 5).

- `Unit.objects.visible_to(user)` / `visible_units(user)`: the units a user may know exist,
  annotated with `full_access` (may the user see the full record?).
- `unit_view(unit, user)`: the fields a user may see of one unit (redacted or full).
- Staff rights per archive and researcher grants per fonds or unit (django-guardian tables with
  direct foreign keys); grants expire at query time and open personal and restricted records,
  never closed ones (those are for the archive's staff).
- `restricted_until` opens a personal or restricted record after that date, at query time; a
  closed record never opens by itself.
- Every view of a non-open record and every grant goes to the append-only access log.

Nothing else in the project filters holdings by access."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, Permission
from django.db import transaction
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import AccessAction, AccessLevel, DigitalObjectRole, StaffRole
from .models import (
    AccessLogEntry,
    Archive,
    ArchiveUserObjectPermission,
    DigitalObject,
    Fonds,
    FondsUserObjectPermission,
    Inventory,
    Unit,
    UnitUserObjectPermission,
)

STAFF_PERMS = [r.value for r in StaffRole]


# ---------------------------------------------------------------- staff rights per archive
def staff_archive_ids(user, perm: str | None = None) -> frozenset[int]:
    """Archives where the user holds a staff right (any, or the one named). Cached per request
    on the user object, so a page asks at most once."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cache = user.__dict__.setdefault("_staff_archive_ids", {})
    key = perm or "*"
    if key not in cache:
        if user.is_superuser:
            ids = frozenset(Archive.objects.values_list("id", flat=True))
        else:
            rows = ArchiveUserObjectPermission.objects.filter(user=user)
            rows = rows.filter(permission__codename=perm) if perm else rows.filter(permission__codename__in=STAFF_PERMS)
            ids = frozenset(rows.values_list("content_object_id", flat=True))
        cache[key] = ids
    return cache[key]


def is_archive_staff(user, archive_id: int, perm: str | None = None) -> bool:
    if user is not None and user.is_authenticated and user.is_superuser:
        return True  # every right in every archive, without a lookup
    return archive_id in staff_archive_ids(user, perm)


def can_manage_holdings(user, archive_id: int) -> bool:
    return is_archive_staff(user, archive_id, StaffRole.ARCHIVIST)


def staff_archives(user, perm: str | None = None) -> QuerySet[Archive]:
    return Archive.objects.filter(id__in=staff_archive_ids(user, perm)).select_related("region").order_by("code")


def staff_scope(queryset: QuerySet, user, perm: str | None = None, field: str = "archive_id") -> QuerySet:
    """The part of a holdings queryset (fonds, inventories, units, locations, ...) that lies in the
    archives where the user holds a staff right (the one named, or any): the back office's scope.
    `field` names the archive id (`"id"` for Archive itself, `"unit__archive_id"` for files)."""
    if user is not None and user.is_authenticated and user.is_superuser:
        return queryset
    return queryset.filter(**{f"{field}__in": staff_archive_ids(user, perm)})


def _clear_cache(user) -> None:
    user.__dict__.pop("_staff_archive_ids", None)
    user.__dict__.pop("_grants", None)


def _permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="holdings", codename=codename)


def staff_grant(*, archive: Archive, user, role: StaffRole | str, actor) -> None:
    """Gives `user` a staff right in `archive` (called by the staff app's services)."""
    with transaction.atomic():
        ArchiveUserObjectPermission.objects.get_or_create(
            user=user, content_object=archive, permission=_permission(str(role)))
        AccessLogEntry.objects.create(user=actor, action=AccessAction.STAFF_GRANT, archive=archive,
                                      subject_user=user, detail=str(role))
    _clear_cache(user)


def staff_revoke(*, archive: Archive, user, role: StaffRole | str, actor) -> None:
    with transaction.atomic():
        ArchiveUserObjectPermission.objects.filter(
            user=user, content_object=archive, permission__codename=str(role)).delete()
        AccessLogEntry.objects.create(user=actor, action=AccessAction.STAFF_REVOKE, archive=archive,
                                      subject_user=user, detail=str(role))
    _clear_cache(user)


def staff_roles(user) -> dict[int, set[str]]:
    """{archive_id: {role codenames}} for one user."""
    out: dict[int, set[str]] = {}
    for archive_id, codename in ArchiveUserObjectPermission.objects.filter(
            user=user, permission__codename__in=STAFF_PERMS).values_list("content_object_id", "permission__codename"):
        out.setdefault(archive_id, set()).add(codename)
    return out


def staff_users(archive_id: int, perm: str | None = None) -> QuerySet:
    """Active users holding a staff right (the one named, or any) in one archive: whom to notify."""
    from django.contrib.auth import get_user_model

    rows = ArchiveUserObjectPermission.objects.filter(content_object_id=archive_id)
    rows = rows.filter(permission__codename=perm) if perm else rows.filter(permission__codename__in=STAFF_PERMS)
    return get_user_model().objects.filter(is_active=True, pk__in=rows.values("user_id")).order_by("id")


# ---------------------------------------------------------------- researcher grants
@dataclass(frozen=True)
class Grants:
    """Live (unexpired) grants of one user."""

    fonds_ids: frozenset[int]
    unit_ids: frozenset[int]


def live_grants(user) -> Grants:
    if user is None or not user.is_authenticated:
        return Grants(frozenset(), frozenset())
    if "_grants" not in user.__dict__:
        now = timezone.now()
        live = Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        fonds = FondsUserObjectPermission.objects.filter(live, user=user, permission__codename="view_full_fonds")
        units = UnitUserObjectPermission.objects.filter(live, user=user, permission__codename="view_full_unit")
        user.__dict__["_grants"] = Grants(frozenset(fonds.values_list("content_object_id", flat=True)),
                                          frozenset(units.values_list("content_object_id", flat=True)))
    return user.__dict__["_grants"]


def grant_access(*, user, actor, fonds: Fonds | None = None, unit: Unit | None = None,
                 expires_at: dt.datetime | None = None, ground: str = "") -> None:
    """Gives a researcher the full record of a fonds or of one unit, until `expires_at`."""
    if (fonds is None) == (unit is None):
        raise ValueError("Grant either a fonds or a unit.")
    with transaction.atomic():
        if fonds is not None:
            FondsUserObjectPermission.objects.update_or_create(
                user=user, content_object=fonds, permission=_permission("view_full_fonds"),
                defaults={"granted_by": actor, "granted_at": timezone.now(), "expires_at": expires_at,
                          "ground": ground[:300]})
            archive_id = fonds.archive_id
        else:
            UnitUserObjectPermission.objects.update_or_create(
                user=user, content_object=unit, permission=_permission("view_full_unit"),
                defaults={"granted_by": actor, "granted_at": timezone.now(), "expires_at": expires_at,
                          "ground": ground[:300]})
            archive_id = unit.archive_id
        detail = ground[:400] + (f" (until {expires_at:%Y-%m-%d})" if expires_at else "")
        AccessLogEntry.objects.create(user=actor, action=AccessAction.GRANT, archive_id=archive_id,
                                      fonds=fonds, unit=unit, subject_user=user, detail=detail)
    _clear_cache(user)


def revoke_access(*, user, actor, fonds: Fonds | None = None, unit: Unit | None = None, reason: str = "") -> None:
    with transaction.atomic():
        if fonds is not None:
            FondsUserObjectPermission.objects.filter(user=user, content_object=fonds).delete()
            archive_id = fonds.archive_id
        else:
            UnitUserObjectPermission.objects.filter(user=user, content_object=unit).delete()
            archive_id = unit.archive_id
        AccessLogEntry.objects.create(user=actor, action=AccessAction.REVOKE, archive_id=archive_id,
                                      fonds=fonds, unit=unit, subject_user=user, detail=reason[:500])
    _clear_cache(user)


# ---------------------------------------------------------------- visibility of units
# Only these levels carry a date after which they open (design, section 5): a closed record stays
# closed whatever date it carries (a 75-year personal-data date never opens a closed unit).
LAPSING_LEVELS = (AccessLevel.PERSONAL, AccessLevel.RESTRICTED)


def _opened_q(today: dt.date) -> Q:
    """A personal or restricted unit whose restriction has lapsed is open: no job needs to run."""
    return Q(effective_access__in=LAPSING_LEVELS, restricted_until__isnull=False, restricted_until__lt=today)


def _lapsed(level: str, restricted_until: dt.date | None, today: dt.date) -> bool:
    return level in LAPSING_LEVELS and restricted_until is not None and restricted_until < today


def grant_scope_q(grants: Grants) -> Q | None:
    """Units a researcher's live grants open: personal and restricted ones of the granted fonds and
    units. Closed records are for the archive's staff only (design, section 5), grant or not."""
    q = Q()
    if grants.fonds_ids:
        q |= Q(fonds_id__in=grants.fonds_ids)
    if grants.unit_ids:
        q |= Q(id__in=grants.unit_ids)
    if not q:
        return None
    return q & ~Q(effective_access=AccessLevel.CLOSED)


def full_access_q(user, today: dt.date | None = None) -> Q:
    """Units whose full record the user may see."""
    today = today or timezone.localdate()
    q = Q(effective_access=AccessLevel.OPEN) | _opened_q(today)
    if user is not None and user.is_authenticated:
        if user.is_superuser:
            return Q(pk__isnull=False)
        staff = staff_archive_ids(user)
        if staff:
            q |= Q(archive_id__in=staff)
        granted = grant_scope_q(live_grants(user))
        if granted is not None:
            q |= granted
    return q


def visible_q(user, today: dt.date | None = None) -> Q:
    """Units the user may know exist: everything but closed ones, unless full access."""
    today = today or timezone.localdate()
    return ~Q(effective_access=AccessLevel.CLOSED) | full_access_q(user, today)


def visible_to(queryset: QuerySet[Unit], user) -> QuerySet[Unit]:
    """Filters units to those visible to the user and annotates `full_access`."""
    today = timezone.localdate()
    full = full_access_q(user, today)
    return queryset.filter(visible_q(user, today)).annotate(
        full_access=Case(When(full, then=Value(True)), default=Value(False), output_field=BooleanField()))


def has_full_access(user, unit: Unit) -> bool:
    full = getattr(unit, "full_access", None)
    if full is not None:
        return bool(full)
    today = timezone.localdate()
    if unit.effective_access == AccessLevel.OPEN or _lapsed(unit.effective_access, unit.restricted_until, today):
        return True
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser or unit.archive_id in staff_archive_ids(user):
        return True
    if unit.effective_access == AccessLevel.CLOSED:
        return False
    grants = live_grants(user)
    return unit.fonds_id in grants.fonds_ids or unit.id in grants.unit_ids


def level_in_force_q(level: str, today: dt.date | None = None) -> Q:
    """Units whose level in force today is `level` (a lapsed restriction counts as open)."""
    lapsed = _opened_q(today or timezone.localdate())
    if level == AccessLevel.OPEN:
        return Q(effective_access=AccessLevel.OPEN) | lapsed
    if level not in LAPSING_LEVELS:
        return Q(effective_access=level)
    return Q(effective_access=level) & ~lapsed


def effective_level(unit: Unit, today: dt.date | None = None) -> str:
    """The level in force today (a lapsed personal or restricted level reads as open)."""
    today = today or timezone.localdate()
    if _lapsed(unit.effective_access, unit.restricted_until, today):
        return AccessLevel.OPEN
    return unit.effective_access


@dataclass(frozen=True)
class UnitView:
    """The fields of a unit that one user may see."""

    title: str
    redacted: bool
    full_access: bool
    level: str
    may_view_images: bool


def unit_view(unit: Unit, user, today: dt.date | None = None) -> UnitView:
    """What `user` may see of `unit`: the one function every page, API, export and PDF uses.
    (`today` lets an export of many units look up the date once.)"""
    full = has_full_access(user, unit)
    level = effective_level(unit, today)
    if full:
        title = unit.title
    elif level == AccessLevel.PERSONAL:
        title = unit.public_title or _("[Title withheld: contains personal data]")
    else:
        title = _("[Restricted record]")
    return UnitView(title=title, redacted=not full, full_access=full, level=level, may_view_images=full)


def log_view(*, unit: Unit, user, action: str = AccessAction.VIEW, ip: str | None = None,
             detail: str = "") -> None:
    """Records a view (or download/export) of a non-open record; open records are not logged."""
    if effective_level(unit) == AccessLevel.OPEN:
        return
    AccessLogEntry.objects.create(user=user if user and user.is_authenticated else None, action=action,
                                  archive_id=unit.archive_id, fonds_id=unit.fonds_id, unit=unit,
                                  ip=ip, detail=detail[:500])


# ---------------------------------------------------------------- digital objects
PUBLIC_FILE_ROLES = (DigitalObjectRole.ACCESS, DigitalObjectRole.THUMBNAIL)


def digital_objects_visible_to(queryset: QuerySet[DigitalObject], user) -> QuerySet[DigitalObject]:
    """Staff of the unit's archive get every file (masters and scan pages too); everyone else only
    access copies and thumbnails of units whose full record they may see. Masters never leave."""
    if user is not None and user.is_authenticated and user.is_superuser:
        return queryset
    full_units = Unit.objects.filter(full_access_q(user), pk=OuterRef("unit_id"))
    q = Q(role__in=PUBLIC_FILE_ROLES) & Q(Exists(full_units))
    staff = staff_archive_ids(user)
    if staff:
        q |= Q(unit__archive_id__in=staff)
    return queryset.filter(q)


def log_export(*, user, fonds: Fonds, fmt: str, ip: str | None = None) -> None:
    """Records an export (EAD3, CSV) of a fonds by a user who may see more than a visitor does:
    one entry per export, not one per unit."""
    if user is None or not user.is_authenticated:
        return
    grants = live_grants(user)
    if not (user.is_superuser or fonds.archive_id in staff_archive_ids(user) or fonds.pk in grants.fonds_ids
            or grants.unit_ids):
        return
    AccessLogEntry.objects.create(user=user, action=AccessAction.EXPORT, archive_id=fonds.archive_id, fonds=fonds,
                                  ip=ip, detail=fmt[:500])


# ---------------------------------------------------------------- fonds and inventories
def fonds_visible_to(queryset: QuerySet[Fonds], user) -> QuerySet[Fonds]:
    """Closed fonds exist only for staff of their archive (as closed units do)."""
    if user is not None and user.is_authenticated and user.is_superuser:
        return queryset
    q = ~Q(access_level=AccessLevel.CLOSED)
    if user is not None and user.is_authenticated:
        q |= Q(archive_id__in=staff_archive_ids(user))
    return queryset.filter(q)


def inventories_visible_to(queryset: QuerySet[Inventory], user) -> QuerySet[Inventory]:
    """Closed inventories, and those of closed fonds, exist only for staff of their archive."""
    if user is not None and user.is_authenticated and user.is_superuser:
        return queryset
    fonds_ok = fonds_visible_to(Fonds.objects.all(), user)
    q = ~Q(access_level=AccessLevel.CLOSED)
    if user is not None and user.is_authenticated:
        q |= Q(archive_id__in=staff_archive_ids(user))
    return queryset.filter(q).filter(Exists(fonds_ok.filter(pk=OuterRef("fonds_id"))))


def anonymous() -> AnonymousUser:
    return AnonymousUser()
