"""Writes of the staff app. Each is keyword-only, takes the acting user, runs in one transaction,
checks the actor's scope, and writes its StaffEvent in that transaction. `actor=None` is the
system (demo data, scheduled jobs)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from holdings import access
from holdings.choices import StaffRole
from holdings.models import Archive, ArchiveUserObjectPermission, Region

from . import permissions
from .choices import PositionCategory, StaffAction
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

# The status an archive had before its first recorded reclassification is dated from here.
EARLIEST = dt.date(1900, 1, 1)

ROLE_GROUPS = {StaffRole.ARCHIVIST: Role.ARCHIVIST, StaffRole.READING_ROOM: Role.READING_ROOM,
               StaffRole.EXPERT: Role.EXPERT}


def _event(*, actor, action: StaffAction, staff_member: StaffMember | None = None,
           archive: Archive | None = None, detail: str = "") -> StaffEvent:
    return StaffEvent.objects.create(actor=actor, action=action, staff_member=staff_member,
                                     archive=archive or (staff_member.archive if staff_member else None),
                                     detail=detail[:500])


def _within_employment(member: StaffMember, day: dt.date, field: str) -> None:
    if not member.is_employed_on(day):
        raise ValidationError({field: _("The date must fall within the employment period.")})


# ---------------------------------------------------------------- positions
def position_create(*, actor, title_kk: str, title_ru: str, is_specialist: bool,
                    category: PositionCategory | str) -> Position:
    permissions.ensure_national(actor)
    with transaction.atomic():
        position = Position(title_kk=title_kk, title_ru=title_ru, is_specialist=is_specialist,
                            category=category, created_by=actor)
        position.full_clean()
        position.save()
        _event(actor=actor, action=StaffAction.POSITION, detail=f"+ {title_ru}")
    return position


def position_update(*, actor, position: Position, title_kk: str, title_ru: str, is_specialist: bool,
                    category: PositionCategory | str) -> Position:
    """Changing `is_specialist` changes past months too: it is a property of the post, not a date."""
    permissions.ensure_national(actor)
    with transaction.atomic():
        position.title_kk, position.title_ru = title_kk, title_ru
        position.is_specialist, position.category = is_specialist, category
        position.full_clean()
        position.save()
        _event(actor=actor, action=StaffAction.POSITION,
               detail=f"{title_ru}: {'+' if is_specialist else '−'}, {category}")
    return position


# ---------------------------------------------------------------- staff members
def staff_member_create(*, actor, last_name: str, first_name: str, middle_name: str = "", iin: str,
                        archive: Archive, position: Position, rate: Decimal, employment_start: dt.date,
                        employment_end: dt.date | None = None, base_salary: Decimal, user=None,
                        basis: str = "") -> StaffMember:
    """Hires a person: the staff member, the first appointment and the first base salary."""
    permissions.ensure_can_manage_archive(actor, archive)
    with transaction.atomic():
        member = StaffMember(last_name=last_name.strip(), first_name=first_name.strip(),
                             middle_name=middle_name.strip(), iin=iin.strip(), archive=archive, position=position,
                             rate=rate, employment_start=employment_start, employment_end=employment_end,
                             user=user, created_by=actor, updated_by=actor)
        member.refresh_search_text()
        member.full_clean()
        member.save()
        appointment = Appointment(staff_member=member, valid_from=employment_start, position=position, rate=rate,
                                  basis=basis, created_by=actor)
        appointment.full_clean()
        appointment.save()
        salary = SalaryRecord(staff_member=member, valid_from=employment_start, base_salary=base_salary,
                              basis=basis, created_by=actor)
        salary.full_clean()
        salary.save()
        _event(actor=actor, action=StaffAction.MEMBER_CREATE, staff_member=member,
               detail=f"{member.full_name}; {employment_start}: {position.title_ru} × {rate}; {base_salary}")
    return member


def staff_member_update(*, actor, member: StaffMember, last_name: str, first_name: str, middle_name: str,
                        iin: str, employment_end: dt.date | None, user=None) -> StaffMember:
    """Personal data, the end of employment and the user account; position, rate and salary are dated
    records of their own (appointment_set, salary_set)."""
    permissions.ensure_can_manage_archive(actor, member.archive)
    with transaction.atomic():
        changes = []
        for field, value in (("last_name", last_name.strip()), ("first_name", first_name.strip()),
                             ("middle_name", middle_name.strip()), ("iin", iin.strip()),
                             ("employment_end", employment_end), ("user", user)):
            if getattr(member, field) != value:
                changes.append(field)
                setattr(member, field, value)
        if employment_end is not None and (
                member.appointments.filter(valid_from__gt=employment_end).exists()
                or member.salaries.filter(valid_from__gt=employment_end).exists()):
            raise ValidationError({"employment_end": _("Records dated after this day exist; the end of "
                                                       "employment must come after them.")})
        member.updated_by = actor
        member.refresh_search_text()
        member.full_clean()
        member.save()
        if changes:
            _event(actor=actor, action=StaffAction.MEMBER_END if changes == ["employment_end"] and employment_end
                   else StaffAction.MEMBER_UPDATE, staff_member=member, detail=", ".join(str(StaffMember._meta.get_field(f).verbose_name) for f in changes))
        if employment_end is not None and employment_end < timezone.localdate():
            _revoke_rights_of_ended(member=member, actor=actor, today=timezone.localdate())
    return member


def _sync_current_appointment(member: StaffMember) -> None:
    latest = member.appointments.select_related("position").order_by("-valid_from").first()
    if latest and (member.position_id != latest.position_id or member.rate != latest.rate):
        member.position, member.rate = latest.position, latest.rate
        member.save(update_fields=["position", "rate", "updated_at"])


def appointment_set(*, actor, member: StaffMember, valid_from: dt.date, position: Position, rate: Decimal,
                    basis: str = "") -> Appointment:
    """From `valid_from` on, the member holds `position` at `rate` (a record on the same day is corrected)."""
    permissions.ensure_can_manage_archive(actor, member.archive)
    _within_employment(member, valid_from, "valid_from")
    with transaction.atomic():
        appointment = Appointment.objects.filter(staff_member=member, valid_from=valid_from).first() or Appointment(
            staff_member=member, valid_from=valid_from)
        appointment.position, appointment.rate, appointment.basis = position, rate, basis
        appointment.created_by, appointment.created_at = actor, timezone.now()
        appointment.full_clean()
        appointment.save()
        _sync_current_appointment(member)
        _event(actor=actor, action=StaffAction.APPOINTMENT, staff_member=member,
               detail=f"{valid_from}: {position.title_ru} × {rate} {basis}".strip())
    return appointment


def salary_set(*, actor, member: StaffMember, valid_from: dt.date, base_salary: Decimal,
               basis: str = "") -> SalaryRecord:
    """From `valid_from` on, the member's base salary (a record on the same day is corrected)."""
    permissions.ensure_can_manage_archive(actor, member.archive)
    _within_employment(member, valid_from, "valid_from")
    with transaction.atomic():
        record = SalaryRecord.objects.filter(staff_member=member, valid_from=valid_from).first() or SalaryRecord(
            staff_member=member, valid_from=valid_from)
        previous = record.base_salary if record.pk else None
        record.base_salary, record.basis = base_salary, basis
        record.created_by, record.created_at = actor, timezone.now()
        record.full_clean()
        record.save()
        _event(actor=actor, action=StaffAction.SALARY, staff_member=member,
               detail=f"{valid_from}: {base_salary}" + (f" (← {previous})" if previous is not None else ""))
    return record


# ---------------------------------------------------------------- rural status of archives
def archive_rural_status_set(*, actor, archive: Archive, is_rural: bool, valid_from: dt.date,
                             basis: str = "") -> ArchiveRuralPeriod:
    """Reclassifies the archive from `valid_from` on. The first reclassification of an archive also
    records the status it had before (the opposite one), so that earlier months keep their figures."""
    permissions.ensure_can_manage_archive(actor, archive)
    with transaction.atomic():
        # Lock the archive's periods so that two administrators cannot both write the opening row.
        existing = list(ArchiveRuralPeriod.objects.select_for_update().filter(archive=archive))
        if not existing and valid_from > EARLIEST:
            ArchiveRuralPeriod.objects.create(archive=archive, valid_from=EARLIEST, is_rural=not is_rural,
                                              basis=_("Status before the first recorded reclassification"),
                                              created_by=actor)
        period = next((p for p in existing if p.valid_from == valid_from), None) or ArchiveRuralPeriod(
            archive=archive, valid_from=valid_from)
        period.is_rural, period.basis = is_rural, basis
        period.created_by, period.created_at = actor, timezone.now()
        period.full_clean()
        period.save()
        _event(actor=actor, action=StaffAction.RURAL_STATUS, archive=archive,
               detail=f"{valid_from}: {_('rural archive') if is_rural else _('not a rural archive')} {basis}".strip())
        archive_rural_flags_sync(archive_ids=[archive.pk])
    archive.refresh_from_db(fields=["is_rural"])
    return period


def archive_rural_flags_sync(*, today: dt.date | None = None, archive_ids: list[int] | None = None) -> int:
    """Sets each reclassified archive's `Archive.is_rural` (what holdings' pages, API and filters show) to
    the status in force today; returns how many flags changed. Runs after every reclassification and
    daily, so that one dated in the future shows from its day on. Idempotent."""
    today = today or timezone.localdate()
    periods = ArchiveRuralPeriod.objects.filter(valid_from__lte=today).order_by("archive_id", "valid_from")
    if archive_ids is not None:
        periods = periods.filter(archive_id__in=archive_ids)
    in_force = dict(periods.values_list("archive_id", "is_rural"))  # the latest period of each archive wins
    changed = 0
    for status in (True, False):
        ids = [pk for pk, rural in in_force.items() if rural is status]
        if ids:
            changed += Archive.objects.filter(pk__in=ids).exclude(is_rural=status).update(is_rural=status)
    return changed


# ---------------------------------------------------------------- allowance rules
def allowance_rule_set(*, actor, valid_from: dt.date, name_kk: str, name_ru: str, percent: Decimal,
                       specialists_only: bool = True, rural_only: bool = True, basis: str = "") -> AllowanceRule:
    """The rule in force from `valid_from` until the next one (a rule of the same day is replaced)."""
    permissions.ensure_national(actor)
    with transaction.atomic():
        rule = AllowanceRule.objects.filter(valid_from=valid_from).first() or AllowanceRule(valid_from=valid_from)
        rule.name_kk, rule.name_ru, rule.percent = name_kk, name_ru, percent
        rule.specialists_only, rule.rural_only, rule.basis = specialists_only, rural_only, basis
        rule.created_by, rule.created_at = actor, timezone.now()
        rule.full_clean()
        rule.save()
        _event(actor=actor, action=StaffAction.RULE,
               detail=f"{valid_from}: {percent}%, {name_ru}")
    return rule


# ---------------------------------------------------------------- training
def training_record_create(*, actor, member: StaffMember, program: str, start_date: dt.date, end_date: dt.date,
                           hours: int, provider: str = "", certificate_number: str = "",
                           certificate_file: UploadedFile | None = None) -> TrainingRecord:
    permissions.ensure_can_manage_archive(actor, member.archive)
    with transaction.atomic():
        record = TrainingRecord(staff_member=member, program=program, provider=provider, start_date=start_date,
                                end_date=end_date, hours=hours, certificate_number=certificate_number,
                                created_by=actor)
        if certificate_file is not None:
            record.certificate_file = certificate_file
        record.full_clean()
        record.save()
        _event(actor=actor, action=StaffAction.TRAINING, staff_member=member,
               detail=f"{program}, {start_date}–{end_date}, {hours}")
    return record


# ---------------------------------------------------------------- administrators' scope
def administrator_scope_set(*, actor, user, region: Region | None) -> AdministratorScope:
    """Limits an administrator to one region (or, with no region, makes them national)."""
    permissions.ensure_national(actor)
    if not permissions.is_administrator(user):
        raise ValidationError({"user": _("This user is not an administrator.")})
    with transaction.atomic():
        scope, _created = AdministratorScope.objects.update_or_create(
            user=user, defaults={"region": region, "set_by": actor, "set_at": timezone.now()})
        _event(actor=actor, action=StaffAction.SCOPE,
               detail=f"{user.username}: {region.code if region else _('Whole country')}")
    permissions.forget_scope(user)
    return scope


# ---------------------------------------------------------------- staff rights per archive
def staff_right_grant(*, actor, user, archive: Archive, role: StaffRole | str) -> None:
    """Gives the user a role in the archive (through holdings.access) and the matching group."""
    role = StaffRole(role)
    permissions.ensure_can_manage_archive(actor, archive)
    if not user.is_active:
        raise ValidationError({"user": _("This account is not active.")})
    with transaction.atomic():
        access.staff_grant(archive=archive, user=user, role=role, actor=actor)
        user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
        _event(actor=actor, action=StaffAction.RIGHT_GRANT, archive=archive, detail=f"{user.username}: {role.value}")
    user.__dict__.pop("_role_names", None)


def staff_right_revoke(*, actor, user, archive: Archive, role: StaffRole | str) -> None:
    """Takes the role away; the group goes too once the user holds the role in no archive."""
    role = StaffRole(role)
    permissions.ensure_can_manage_archive(actor, archive)
    with transaction.atomic():
        access.staff_revoke(archive=archive, user=user, role=role, actor=actor)
        if not any(role.value in roles for roles in access.staff_roles(user).values()):
            user.groups.remove(*Group.objects.filter(name=ROLE_GROUPS[role]))
        _event(actor=actor, action=StaffAction.RIGHT_REVOKE, archive=archive,
               detail=f"{user.username}: {role.value}")
    user.__dict__.pop("_role_names", None)


def _revoke_rights_of_ended(*, member: StaffMember, actor, today: dt.date) -> int:
    """Revokes the linked user's roles in the member's archive unless another employment there goes on."""
    if member.user_id is None:
        return 0
    still_employed = StaffMember.objects.filter(
        Q(employment_end__isnull=True) | Q(employment_end__gte=today), user_id=member.user_id,
        archive_id=member.archive_id, employment_start__lte=today).exists()
    if still_employed:
        return 0
    roles = access.staff_roles(member.user).get(member.archive_id, set())
    for role in sorted(roles):
        staff_right_revoke(actor=actor, user=member.user, archive=member.archive, role=role)
    return len(roles)


def staff_rights_revoke_ended(*, actor=None, today: dt.date | None = None) -> int:
    """Revokes the archive roles of linked users whose employment there has ended; returns how many.
    Idempotent: a user with no roles left is skipped."""
    today = today or timezone.localdate()
    revoked = 0
    holds_right = ArchiveUserObjectPermission.objects.filter(
        user_id=OuterRef("user_id"), content_object_id=OuterRef("archive_id"),
        permission__codename__in=[r.value for r in StaffRole])
    members = (StaffMember.objects.filter(Exists(holds_right), employment_end__lt=today, user__isnull=False)
               .select_related("archive", "user"))
    for member in members:
        with transaction.atomic():
            revoked += _revoke_rights_of_ended(member=member, actor=actor, today=today)
    return revoked
