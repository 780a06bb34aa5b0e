"""Reads of the staff app, already limited to the administrator's scope and already joined.

No function here runs a query per row: lists use select_related/prefetch_related, and the
allowance calculation reads its inputs in five queries whatever the number of staff."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from holdings.choices import StaffRole
from holdings.models import Archive, ArchiveUserObjectPermission, Region

from . import permissions
from .calculation import (
    AppointmentRow,
    Inputs,
    Line,
    RuralRow,
    SalaryRow,
    calculate,
    may_be_rural,
    month_end,
    rules_in_force,
)
from .models import (
    AdministratorScope,
    AllowanceRule,
    Appointment,
    ArchiveRuralPeriod,
    Position,
    SalaryRecord,
    StaffEvent,
    StaffMember,
    TrainingRecord,
)


# ---------------------------------------------------------------- staff members
def staff_member_list(*, user, archive: Archive | None = None, region: Region | None = None,
                      position: Position | None = None, query: str = "",
                      employed_on: dt.date | None = None) -> QuerySet[StaffMember]:
    qs = permissions.staff_members_for(user).select_related("archive__region", "position")
    if archive is not None:
        qs = qs.filter(archive=archive)
    if region is not None:
        qs = qs.filter(archive__region=region)
    if position is not None:
        qs = qs.filter(position=position)
    if query:
        for word in query.casefold().split():
            qs = qs.filter(search_text__contains=word)
    if employed_on is not None:
        qs = qs.filter(Q(employment_end__isnull=True) | Q(employment_end__gte=employed_on),
                       employment_start__lte=employed_on)
    return qs.order_by("last_name", "first_name", "id")


def staff_member_get(*, user, pk: int) -> StaffMember:
    """One staff member in scope, with everything the detail page shows; 404 outside the scope."""
    qs = permissions.staff_members_for(user).select_related("archive__region", "position", "user").prefetch_related(
        Prefetch("appointments", queryset=Appointment.objects.select_related("position", "created_by")
                 .order_by("-valid_from")),
        Prefetch("salaries", queryset=SalaryRecord.objects.select_related("created_by").order_by("-valid_from")),
        Prefetch("trainings", queryset=TrainingRecord.objects.order_by("-end_date", "-id")),
        Prefetch("events", queryset=StaffEvent.objects.select_related("actor").order_by("-at", "-id")[:20],
                 to_attr="recent_events"),
    )
    return get_object_or_404(qs, pk=pk)


def staff_member_for_update(*, user, pk: int) -> StaffMember:
    qs = permissions.staff_members_for(user).select_related("archive__region", "position", "user")
    return get_object_or_404(qs, pk=pk)


def training_get(*, user, pk: int) -> TrainingRecord:
    qs = TrainingRecord.objects.select_related("staff_member").filter(
        staff_member__in=permissions.staff_members_for(user))
    return get_object_or_404(qs, pk=pk)


# ---------------------------------------------------------------- the archives' rural status
def rural_status_on(*, archives: Sequence[Archive], day: dt.date) -> dict[int, bool]:
    """{archive id: rural on `day`} for the given archives, in one query."""
    status = {a.pk: a.is_rural for a in archives}
    for period in (ArchiveRuralPeriod.objects.filter(archive_id__in=list(status), valid_from__lte=day)
                   .order_by("archive_id", "valid_from")):
        status[period.archive_id] = period.is_rural
    return status


def archive_list_with_status(*, user, region: Region | None = None, day: dt.date | None = None) -> list[Archive]:
    """Archives in scope, each with `rural_today`, `staff_count` and its `periods` (two queries)."""
    day = day or timezone.localdate()
    qs = permissions.archives_for(user).annotate(
        staff_count=Count("staff_members", filter=Q(staff_members__employment_start__lte=day)
                          & (Q(staff_members__employment_end__isnull=True) | Q(staff_members__employment_end__gte=day))),
    ).prefetch_related(Prefetch("rural_periods", queryset=ArchiveRuralPeriod.objects.order_by("-valid_from")))
    if region is not None:
        qs = qs.filter(region=region)
    archives = list(qs)
    for archive in archives:
        past = [p for p in archive.rural_periods.all() if p.valid_from <= day]
        archive.rural_today = past[0].is_rural if past else archive.is_rural
    return archives


def archive_get(*, user, pk: int) -> Archive:
    return get_object_or_404(permissions.archives_for(user), pk=pk)


# ---------------------------------------------------------------- allowance calculation
def allowance_inputs(*, user, first: dt.date, last: dt.date, archive: Archive | None = None,
                     region: Region | None = None) -> Inputs:
    """The rows the calculation needs for staff who may be entitled on some day of [first, last].

    Seven queries whatever the number of staff. Staff who cannot be entitled under the rules in force
    (in an archive that is never rural, or never in a specialist position) are left out early, and
    history rows are read as plain columns: at national scale building model objects cost more than
    the calculation itself."""
    rules = list(AllowanceRule.objects.filter(valid_from__lte=last).order_by("valid_from"))
    paying = [r for r in rules_in_force(rules, first, last) if r.percent > 0]
    if not paying:
        return Inputs(members=[], appointments=[], salaries=[], rural_periods=[], rules=rules)

    archives_qs = permissions.archives_for(user)
    if archive is not None:
        archives_qs = archives_qs.filter(pk=archive.pk)
    if region is not None:
        archives_qs = archives_qs.filter(region=region)
    archives = {a.pk: a for a in archives_qs}
    periods = [RuralRow(*row) for row in ArchiveRuralPeriod.objects.filter(
        archive__in=archives_qs.values("pk"), valid_from__lte=last).order_by("archive_id", "valid_from")
        .values_list("archive_id", "valid_from", "is_rural")]
    eligible = set(archives)
    if all(r.rural_only for r in paying):
        by_archive: dict[int, list[RuralRow]] = {}
        for p in periods:
            by_archive.setdefault(p.archive_id, []).append(p)
        eligible = {pk for pk, a in archives.items() if may_be_rural(a.is_rural, by_archive.get(pk, []), first, last)}

    members_qs = StaffMember.objects.filter(
        Q(employment_end__isnull=True) | Q(employment_end__gte=first), archive_id__in=sorted(eligible),
        employment_start__lte=last)
    if all(r.specialists_only for r in paying):
        members_qs = members_qs.filter(Exists(Appointment.objects.filter(
            staff_member=OuterRef("pk"), position__is_specialist=True, valid_from__lte=last)))
    # Only what lines and exports show is loaded; nothing else is read from these objects.
    members = list(members_qs.only("id", "last_name", "first_name", "middle_name", "iin", "archive_id",
                                   "employment_start", "employment_end"))
    if not members:
        return Inputs(members=[], appointments=[], salaries=[], rural_periods=periods, rules=rules)
    for m in members:
        m.archive = archives[m.archive_id]
    ids = [m.pk for m in members]
    # Beyond a few thousand ids a subquery beats a long IN list (and SQLite's variable limit).
    member_filter = Q(staff_member__in=members_qs.values("pk")) if len(ids) > 2000 else Q(staff_member_id__in=ids)
    positions = {p.pk: p for p in Position.objects.all()}
    appointments = [AppointmentRow(m, d, positions[p], r) for m, d, p, r in Appointment.objects.filter(
        member_filter, valid_from__lte=last).order_by("staff_member_id", "valid_from")
        .values_list("staff_member_id", "valid_from", "position_id", "rate")]
    salaries = [SalaryRow(*row) for row in SalaryRecord.objects.filter(member_filter, valid_from__lte=last)
                .order_by("staff_member_id", "valid_from").values_list("staff_member_id", "valid_from", "base_salary")]
    return Inputs(members=members, appointments=appointments, salaries=salaries, rural_periods=periods,
                  rules=rules)


def allowance_lines(*, user, months: Sequence[dt.date], archive: Archive | None = None,
                    region: Region | None = None) -> list[Line]:
    """Allowance lines for the months, for the administrator's scope (and archive or region)."""
    if not months:
        return []
    inputs = allowance_inputs(user=user, first=months[0], last=month_end(months[-1]), archive=archive,
                              region=region)
    return calculate(inputs, months)


def training_totals(*, user, first: dt.date, last: dt.date, archive: Archive | None = None,
                    region: Region | None = None) -> list[Archive]:
    """Archives in scope where training ended in [first, last], each with `trainings` and `training_hours`
    (one query)."""
    done = Q(staff_members__trainings__end_date__gte=first, staff_members__trainings__end_date__lte=last)
    qs = permissions.archives_for(user)
    if archive is not None:
        qs = qs.filter(pk=archive.pk)
    if region is not None:
        qs = qs.filter(region=region)
    return list(qs.annotate(trainings=Count("staff_members__trainings", filter=done),
                            training_hours=Sum("staff_members__trainings__hours", filter=done))
                .filter(trainings__gt=0))


# ---------------------------------------------------------------- settings lists
def position_list() -> QuerySet[Position]:
    return Position.objects.order_by("category", "title_ru")


def rule_list() -> QuerySet[AllowanceRule]:
    return AllowanceRule.objects.select_related("created_by").order_by("-valid_from")


def scope_list() -> QuerySet[AdministratorScope]:
    return AdministratorScope.objects.select_related("user", "region", "set_by").order_by("user__username")


# ---------------------------------------------------------------- staff rights per archive
@dataclass(frozen=True)
class RightRow:
    """One staff right: a user holds a role in an archive."""

    archive: Archive
    user: object
    role: StaffRole


def staff_rights(*, user, archive: Archive | None = None, region: Region | None = None) -> list[RightRow]:
    """Staff rights (archivist, reading-room, expert) in the archives the administrator manages.

    Rights are granted and revoked only through holdings.access; this only reads them."""
    codenames = [r.value for r in StaffRole]
    qs = (ArchiveUserObjectPermission.objects
          .filter(content_object__in=permissions.archives_for(user), permission__codename__in=codenames)
          .select_related("content_object__region", "user", "permission")
          .order_by("content_object__code", "user__username", "permission__codename"))
    if archive is not None:
        qs = qs.filter(content_object=archive)
    if region is not None:
        qs = qs.filter(content_object__region=region)
    return [RightRow(archive=row.content_object, user=row.user, role=StaffRole(row.permission.codename))
            for row in qs]
