"""Destruction acts: amending one before it is executed (always recorded), and executing it."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from holdings import services as holdings_services
from holdings.choices import EventOutcome, PreservationEventType, UnitStatus
from holdings.models import DigitalObject, PreservationEvent, Unit

from .. import permissions
from ..choices import VALUABLE_CATEGORIES, ActStatus, CaseAction, CaseStatus
from ..models import CaseUnit, DestructionAct
from .cases import _chunks, _move, _require_archivist, early_q
from .common import AppraisalError, AppraisalPermissionError, check_allowed, lock_case, record

AGENT = "national-archive appraisal"


def _lock_act(act: DestructionAct) -> DestructionAct:
    return DestructionAct.objects.select_for_update(of=("self",)).select_related("case").get(pk=act.pk)


def destruction_act_amend(*, actor, act: DestructionAct, date: dt.date | None = None,
                          legal_basis_ru: str | None = None, legal_basis_kk: str | None = None) -> DestructionAct:
    """Corrects the date or the legal basis of an approved act before it is executed. The case is
    frozen, so this is the only way to change it, and the old and new text go into the case history."""
    with transaction.atomic():
        case = lock_case(act.case)
        act = _lock_act(act)
        check_allowed(case, "amend_act")
        rights = permissions.case_rights(actor, case)
        if not (rights.archivist or rights.chair or rights.secretary):
            raise AppraisalPermissionError(_("Only archivists of the archive, the chair or the secretary may amend "
                                             "the act."))
        changes = {}
        for name, value in (("date", date), ("legal_basis_ru", legal_basis_ru), ("legal_basis_kk", legal_basis_kk)):
            if value is None:
                continue
            if isinstance(value, str):
                value = value.strip()
                if not value:
                    raise AppraisalError(_("The legal basis cannot be empty."))
            old = getattr(act, name)
            if old != value:
                changes[name] = [str(old), str(value)]
                setattr(act, name, value)
        if not changes:
            return act
        act.save(update_fields=list(changes))
        record(case=case, user=actor, action=CaseAction.ACT_AMEND, data={"act": act.number, **changes})
    return act


def _check_still_destroyable(case, act: DestructionAct) -> None:
    """The rules on destruction once more, on the units as they are now: a unit marked especially
    valuable or unique after the approval, or redated before the cut-off year, is not destroyed."""
    units = Unit.objects.with_codes().filter(pk__in=act.items.values("unit_id"))
    valuable = list(units.filter(value_category__in=VALUABLE_CATEGORIES)[:5])
    if valuable:
        raise AppraisalError(_("Units of the act are now marked especially valuable or unique and cannot be "
                               "destroyed: %(codes)s") % {"codes": ", ".join(u.local_code for u in valuable)})
    if not case.commission.is_central:
        early = list(units.filter(early_q(prefix=""))[:5])
        if early:
            raise AppraisalError(
                _("Units of the act are now dated before %(year)d and can be destroyed only by a decision of the "
                  "central commission: %(codes)s") % {"year": settings.APPRAISAL_CENTRAL_BEFORE_YEAR,
                                                       "codes": ", ".join(u.local_code for u in early)})


def destruction_act_execute(*, actor, act: DestructionAct) -> DestructionAct:
    """Approved -> executed: the act's units become tombstones (status destroyed; reference code,
    title and dates stay), their stored files are deleted through the storage backend after commit,
    and a deletion event is written for every file and every unit."""
    with transaction.atomic():
        case = lock_case(act.case)
        act = _lock_act(act)
        check_allowed(case, "execute")
        _require_archivist(actor, case.archive_id)
        if act.status != ActStatus.APPROVED:
            raise AppraisalError(_("The act has already been executed."))
        unit_ids = list(act.items.values_list("unit_id", flat=True))
        gone = list(Unit.objects.with_codes().filter(pk__in=act.items.values("unit_id"))
                    .exclude(status=UnitStatus.EXTANT)[:5])
        if gone:
            raise AppraisalError(_("Some units of the act are no longer extant: %(codes)s")
                                 % {"codes": ", ".join(u.local_code for u in gone)})
        _check_still_destroyable(case, act)
        reference = f"appraisal act {act.number} (case {case.number})"
        now = timezone.now()
        events, file_count = [], 0
        for chunk in _chunks(unit_ids):
            files = list(DigitalObject.objects.filter(unit_id__in=chunk)
                         .values_list("unit_id", "file", "sha256", "original_name", "role"))
            codes = {u.pk: u.reference_code for u in Unit.objects.with_codes().filter(pk__in=chunk)}
            file_count += len(files)
            # The unit's history shows this under the label "destruction act" in the reader's language.
            holdings_services.units_mark_destroyed(actor=actor, unit_ids=chunk, act_reference=f"№ {act.number}")
            events += [PreservationEvent(
                at=now, event_type=PreservationEventType.DELETION, outcome=EventOutcome.SUCCESS, unit_id=unit_id,
                object_name=name, object_sha256=sha, agent=AGENT, user=actor, source=f"appraisal-act:{act.pk}",
                detail=f"{role} {original or name} deleted under {reference}") for unit_id, name, sha, original, role in files]
            events += [PreservationEvent(
                at=now, event_type=PreservationEventType.DELETION, outcome=EventOutcome.SUCCESS, unit_id=uid,
                object_name=codes.get(uid, ""), agent=AGENT, user=actor, source=f"appraisal-act:{act.pk}",
                detail=f"unit destroyed under {reference}; the record stays as a tombstone") for uid in chunk]
        PreservationEvent.objects.bulk_create(events, batch_size=1000)
        act.status, act.executed_at, act.executed_by = ActStatus.EXECUTED, now, actor
        act.save(update_fields=["status", "executed_at", "executed_by"])
        CaseUnit.objects.filter(case=case).update(is_open=False)
        _move(case, CaseStatus.EXECUTED, actor, CaseAction.EXECUTE,
              data={"act": act.number, "units": len(unit_ids), "files": file_count})
    return act
