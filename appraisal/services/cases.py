"""Appraisal cases: drafting (units and proposals), the workflow transitions, votes and objections,
and the decision with its outcomes (retention, approved inventory, destruction act).

Each transition is one function that locks the case, checks the transition is allowed from its
state (common.TRANSITIONS), checks who acts, writes the change and its CaseEvent in the same
transaction, and sends e-mail after commit."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from holdings import services as holdings_services
from holdings.choices import InventoryStatus, Retention, UnitStatus, ValueCategory
from holdings.models import Archive, Inventory, Unit

from .. import permissions, selectors
from ..choices import VALUABLE_CATEGORIES, CaseAction, CaseScope, CaseStatus, Outcome, RetentionKind
from ..models import (
    AppraisalCase,
    CaseUnit,
    DestructionAct,
    DestructionActItem,
    ExpertCommission,
    InventoryArticle,
    ScheduleArticle,
    UnitArticle,
    UnitObjection,
    Vote,
)
from .commissions import grant_case_to_members, revoke_case_from_non_members
from .common import AppraisalError, AppraisalPermissionError, check_allowed, lock_case, record

MAX_SELECTED_UNITS = 5000
CHUNK = 2000
UNSET = object()


def _chunks(ids: Sequence[int], size: int = CHUNK):
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def _codes(case_units) -> str:
    return ", ".join(cu.unit.local_code for cu in case_units)


def _cutoff() -> dt.date:
    return dt.date(settings.APPRAISAL_CENTRAL_BEFORE_YEAR, 1, 1)


def is_early(date_start: dt.date | None, date_end: dt.date | None) -> bool:
    """Dated before APPRAISAL_CENTRAL_BEFORE_YEAR: by its start date, or its end date when it has no start."""
    first = date_start or date_end
    return bool(first and first < _cutoff())


def early_q(prefix: str = "unit__") -> Q:
    """Dated before the cut-off year (see is_early), as a filter on units (`prefix` "") or on proposals."""
    cutoff = _cutoff()
    return (Q(**{f"{prefix}date_start__lt": cutoff})
            | Q(**{f"{prefix}date_start__isnull": True, f"{prefix}date_end__lt": cutoff}))


def _require_archivist(actor, archive_id: int) -> None:
    if not (actor.is_superuser or archive_id in permissions.archivist_archive_ids(actor)):
        raise AppraisalPermissionError(_("Only archivists of the case's archive may do this."))


def _require_member(actor, case: AppraisalCase, *, chair: bool = False, secretary_too: bool = False) -> None:
    rights = permissions.case_rights(actor, case)
    if chair and not (rights.chair or (secretary_too and rights.secretary)):
        raise AppraisalPermissionError(
            _("Only the chair or the secretary of the commission may do this.") if secretary_too
            else _("Only the chair of the commission may do this."))
    if not rights.member:
        raise AppraisalPermissionError(_("Only members of the case's commission may do this."))


def _check_commission(commission: ExpertCommission, archive_id: int) -> None:
    if not commission.is_active:
        raise AppraisalError(_("The commission «%(name)s» is not active.") % {"name": commission.local_name})
    if not commission.is_central and commission.archive_id != archive_id:
        raise AppraisalError(_("The commission «%(name)s» does not serve this archive.")
                             % {"name": commission.local_name})


# ---------------------------------------------------------------- the rules on destruction
def check_destroy_rules(case: AppraisalCase) -> None:
    """Nothing valuable is destroyed; nothing dated before the cut-off year without the central commission."""
    destroy = CaseUnit.objects.filter(case=case, outcome=Outcome.DESTROY).select_related("unit__inventory__fonds")
    valuable = list(destroy.filter(Q(unit__value_category__in=VALUABLE_CATEGORIES)
                                   | Q(value_category__in=VALUABLE_CATEGORIES))[:5])
    if valuable:
        raise AppraisalError(_("Especially valuable and unique units cannot be proposed for destruction: %(codes)s")
                             % {"codes": _codes(valuable)})
    if not case.commission.is_central:
        early = list(destroy.filter(early_q())[:5])
        if early:
            raise AppraisalError(
                _("Units dated before %(year)d can be proposed for destruction only to the central commission: "
                  "%(codes)s") % {"year": settings.APPRAISAL_CENTRAL_BEFORE_YEAR, "codes": _codes(early)})


def prefill(article: ScheduleArticle | None, *, date_start, date_end, value_category: str, central: bool,
            today: dt.date) -> tuple[str, int | None]:
    """The outcome a unit's article suggests: permanent; temporary for N years; destroy once a plain
    N-year term has run out (counted from 1 January after the end year), where the rules allow it."""
    if article is None or article.retention_kind == RetentionKind.PERMANENT:
        return Outcome.PERMANENT, None
    years = article.retention_years
    end = date_end or date_start
    if (article.retention_kind == RetentionKind.YEARS and end and today >= dt.date(end.year + 1 + years, 1, 1)
            and value_category not in VALUABLE_CATEGORIES and (central or not is_early(date_start, date_end))):
        return Outcome.DESTROY, None
    return Outcome.TEMPORARY, years


# ---------------------------------------------------------------- drafting
def _next_seq(model, archive_id: int, year: int) -> int:
    last = model.objects.filter(archive_id=archive_id, year=year).aggregate(m=Max("seq"))["m"]
    return (last or 0) + 1


def appraisal_case_create(*, actor, archive: Archive, commission: ExpertCommission, title: str,
                          inventory: Inventory | None = None, unit_ids: Sequence[int] = ()) -> AppraisalCase:
    """A draft case over a whole inventory (its extant units) or over selected units of the archive."""
    _require_archivist(actor, archive.pk)
    _check_commission(commission, archive.pk)
    title = (title or "").strip()
    if not title:
        raise AppraisalError(_("A case needs a title."))
    if inventory is None and not unit_ids:
        raise AppraisalError(_("Choose an inventory or the units the case is about."))
    if inventory is not None and inventory.archive_id != archive.pk:
        raise AppraisalError(_("The inventory belongs to another archive."))
    year = timezone.localdate().year
    with transaction.atomic():
        for attempt in range(3):
            try:
                with transaction.atomic():
                    case = AppraisalCase.objects.create(
                        archive=archive, year=year, seq=_next_seq(AppraisalCase, archive.pk, year), title=title,
                        commission=commission, scope=CaseScope.INVENTORY if inventory else CaseScope.UNITS,
                        inventory=inventory, created_by=actor)
                break
            except IntegrityError:  # two cases numbered at once: take the next number
                if attempt == 2:
                    raise
        if inventory is not None:
            units = Unit.objects.filter(inventory=inventory, status=UnitStatus.EXTANT)
        else:
            units = _selected_units(case, unit_ids)
        added = _add_units(case, units)
        if not added:
            raise AppraisalError(_("The inventory has no extant units to appraise."))
        record(case=case, user=actor, action=CaseAction.CREATE, to_status=case.status,
               data={"scope": case.scope, "inventory": inventory.pk if inventory else None, "units": added})
    return case


def _selected_units(case: AppraisalCase, unit_ids: Sequence[int]) -> QuerySet[Unit]:
    ids = list(dict.fromkeys(int(i) for i in unit_ids))
    if len(ids) > MAX_SELECTED_UNITS:
        raise AppraisalError(_("Select at most %(n)d units; put a whole inventory in a case instead.")
                             % {"n": MAX_SELECTED_UNITS})
    units = Unit.objects.filter(pk__in=ids)
    rows = list(units.values_list("id", "archive_id", "status"))
    if len(rows) != len(ids) or any(a != case.archive_id for _i, a, _s in rows):
        raise AppraisalError(_("Some of the units do not exist or belong to another archive."))
    gone = [i for i, _a, s in rows if s != UnitStatus.EXTANT]
    if gone:
        codes = ", ".join(u.local_code for u in Unit.objects.with_codes().filter(pk__in=gone[:5]))
        raise AppraisalError(_("Only extant units can be appraised: %(codes)s") % {"codes": codes})
    return units


def _add_units(case: AppraisalCase, units: QuerySet[Unit]) -> int:
    """Adds units with proposals prefilled from their article (the unit's own, else its inventory's)."""
    busy = list(CaseUnit.objects.filter(unit__in=units.values("pk"), is_open=True).exclude(case=case)
                .select_related("unit__inventory__fonds", "case")[:5])
    if busy:
        raise AppraisalError(_("Units already in another open case: %(list)s") % {"list": ", ".join(
            _("%(code)s (case %(number)s)") % {"code": cu.unit.local_code, "number": cu.case.number}
            for cu in busy)})
    rows = list(units.exclude(pk__in=CaseUnit.objects.filter(case=case).values("unit_id")).order_by(
        "inventory_id", "sort_key", "id").values_list("id", "inventory_id", "date_start", "date_end",
                                                      "value_category", "appraisal_article__article_id"))
    if not rows:
        return 0
    inv_articles = dict(InventoryArticle.objects.filter(inventory_id__in={r[1] for r in rows})
                        .values_list("inventory_id", "article_id"))
    article_ids = {r[5] for r in rows if r[5]} | set(inv_articles.values())
    articles = {a.pk: a for a in ScheduleArticle.objects.filter(pk__in=article_ids)}
    today, central = timezone.localdate(), case.commission.is_central
    new = []
    for unit_id, inv_id, start, end, category, own_article in rows:
        article = articles.get(own_article or inv_articles.get(inv_id))
        outcome, years = prefill(article, date_start=start, date_end=end, value_category=category,
                                 central=central, today=today)
        new.append(CaseUnit(case=case, unit_id=unit_id, outcome=outcome, retention_years=years, article=article))
    try:
        with transaction.atomic():
            CaseUnit.objects.bulk_create(new, batch_size=1000)
    except IntegrityError as exc:  # the partial unique index: another case took a unit meanwhile
        raise AppraisalError(_("Some of the units were just put in another open case. Reload and try again.")) from exc
    _recount(case)
    return len(new)


def _recount(case: AppraisalCase) -> None:
    counts = selectors.case_outcome_counts(case)
    case.unit_count = sum(counts.values())
    case.destroy_count = counts[Outcome.DESTROY]
    case.updated_at = timezone.now()
    AppraisalCase.objects.filter(pk=case.pk).update(unit_count=case.unit_count, destroy_count=case.destroy_count,
                                                    updated_at=case.updated_at)


def _editable(actor, case: AppraisalCase) -> AppraisalCase:
    case = lock_case(case)
    check_allowed(case, "edit")
    _require_archivist(actor, case.archive_id)
    return case


def appraisal_case_update(*, actor, case: AppraisalCase, title: str | None = None,
                          commission: ExpertCommission | None = None) -> AppraisalCase:
    """Renames the case or sends it to another commission, while it is a draft or returned."""
    with transaction.atomic():
        case = _editable(actor, case)
        changes = {}
        if title is not None and title.strip() and title.strip() != case.title:
            changes["title"] = [case.title, title.strip()]
            case.title = title.strip()
        if commission is not None and commission.pk != case.commission_id:
            _check_commission(commission, case.archive_id)
            changes["commission"] = [case.commission_id, commission.pk]
            case.commission = commission
        if not changes:
            return case
        case.updated_at = timezone.now()
        case.save(update_fields=["title", "commission", "updated_at"])
        if "commission" in changes:
            check_destroy_rules(case)
            # A returned case leaves the old commission: its members stop seeing it (the new one's
            # members are granted the case when it is submitted to them).
            revoke_case_from_non_members(case)
        record(case=case, user=actor, action=CaseAction.EDIT, data=changes)
    return case


def appraisal_case_units_add(*, actor, case: AppraisalCase, unit_ids: Sequence[int]) -> int:
    with transaction.atomic():
        case = _editable(actor, case)
        added = _add_units(case, _selected_units(case, unit_ids))
        check_destroy_rules(case)
        record(case=case, user=actor, action=CaseAction.UNITS_ADD, data={"units": added})
    return added


def appraisal_case_units_remove(*, actor, case: AppraisalCase, case_unit_ids: Sequence[int]) -> int:
    with transaction.atomic():
        case = _editable(actor, case)
        qs = CaseUnit.objects.filter(case=case, pk__in=list(case_unit_ids))
        unit_ids = list(qs.values_list("unit_id", flat=True))
        removed, _rows = qs.delete()
        _recount(case)
        record(case=case, user=actor, action=CaseAction.UNITS_REMOVE, data={"units": unit_ids})
    return len(unit_ids)


def appraisal_case_proposals_set(*, actor, case: AppraisalCase, case_unit_ids: Sequence[int], outcome=UNSET,
                                 retention_years=UNSET, article=UNSET, value_category=UNSET,
                                 note=UNSET) -> int:
    """Sets the proposal of many units at once; only what is given changes. Years of a temporary
    proposal default to its article's."""
    ids = list(case_unit_ids)
    if not ids:
        raise AppraisalError(_("Select the units to change."))
    values: dict = {}
    if outcome is not UNSET:
        if outcome not in Outcome.values:
            raise AppraisalError(_("Unknown outcome."))
        values["outcome"] = outcome
        if outcome == Outcome.TEMPORARY:
            years = retention_years if retention_years not in (UNSET, None, "") else (
                article.retention_years if article not in (UNSET, None) else None)
            if not years or int(years) <= 0:
                raise AppraisalError(_("Give the number of years for temporary retention."))
            values["retention_years"] = int(years)
        else:
            values["retention_years"] = None
    elif retention_years not in (UNSET, None, ""):
        raise AppraisalError(_("Years are given only with temporary retention."))
    if article is not UNSET:
        values["article"] = article
    if value_category is not UNSET:
        if value_category not in ("", *ValueCategory.values):
            raise AppraisalError(_("Unknown value category."))
        values["value_category"] = value_category or ""
    if note is not UNSET:
        values["note"] = (note or "")[:500]
    if not values:
        raise AppraisalError(_("Nothing to change."))
    with transaction.atomic():
        case = _editable(actor, case)
        count = CaseUnit.objects.filter(case=case, pk__in=ids).update(**values)
        if count != len(set(ids)):
            raise AppraisalError(_("Some of the selected units are not in this case."))
        check_destroy_rules(case)
        _recount(case)
        record(case=case, user=actor, action=CaseAction.PROPOSALS,
               data={"count": count, **{k: (v.number if isinstance(v, ScheduleArticle) else v)
                                        for k, v in values.items()}})
    return count


# ---------------------------------------------------------------- transitions
def _move(case: AppraisalCase, to_status: str, actor, action: str, comment: str = "", data: dict | None = None,
          fields: Sequence[str] = ()) -> None:
    from_status = case.status
    case.status = to_status
    case.updated_at = timezone.now()
    case.save(update_fields=["status", "updated_at", *fields])
    record(case=case, user=actor, action=action, from_status=from_status, to_status=to_status, comment=comment,
           data=data)


def appraisal_case_submit(*, actor, case: AppraisalCase) -> AppraisalCase:
    """Draft or returned -> submitted: the case goes to its commission, whose members are told."""
    from ..tasks import case_notify_submitted_task

    with transaction.atomic():
        case = lock_case(case)
        check_allowed(case, "submit")
        _require_archivist(actor, case.archive_id)
        _check_commission(case.commission, case.archive_id)
        if not CaseUnit.objects.filter(case=case).exists():
            raise AppraisalError(_("The case has no units."))
        groundless = list(CaseUnit.objects.filter(case=case, article__isnull=True)
                          .exclude(outcome=Outcome.PERMANENT).select_related("unit__inventory__fonds")[:5])
        if groundless:
            raise AppraisalError(_("Give the schedule article as the ground for temporary retention and for "
                                   "destruction: %(codes)s") % {"codes": _codes(groundless)})
        check_destroy_rules(case)
        case.round += 1
        case.submitted_at = timezone.now()
        case.decision_comment = ""
        _move(case, CaseStatus.SUBMITTED, actor, CaseAction.SUBMIT, data={"round": case.round},
              fields=["round", "submitted_at", "decision_comment"])
        grant_case_to_members(case)
        case_id = case.pk
        transaction.on_commit(lambda: case_notify_submitted_task.delay(case_id))
    return case


def appraisal_case_start_review(*, actor, case: AppraisalCase) -> AppraisalCase:
    """Submitted -> under review: the chair or the secretary opens the vote."""
    with transaction.atomic():
        case = lock_case(case)
        check_allowed(case, "start_review")
        _require_member(actor, case, chair=True, secretary_too=True)
        _move(case, CaseStatus.UNDER_REVIEW, actor, CaseAction.START_REVIEW, data={"round": case.round})
    return case


def appraisal_case_vote(*, actor, case: AppraisalCase, decision: str, comment: str = "") -> Vote:
    """A member votes (or changes their vote) in the current round."""
    from ..choices import VoteDecision

    if decision not in VoteDecision.values:
        raise AppraisalError(_("Vote to approve or to return."))
    comment = (comment or "").strip()
    if decision == VoteDecision.RETURN and not comment:
        raise AppraisalError(_("Say why the case should be returned."))
    with transaction.atomic():
        case = lock_case(case)
        check_allowed(case, "vote")
        _require_member(actor, case)
        vote, created = Vote.objects.update_or_create(
            case=case, round=case.round, voter=actor,
            defaults={"decision": decision, "comment": comment, "at": timezone.now()})
        record(case=case, user=actor, action=CaseAction.VOTE, comment=comment,
               data={"decision": decision, "round": case.round, "changed": not created})
    return vote


def appraisal_case_object(*, actor, case: AppraisalCase, case_unit: CaseUnit, comment: str) -> UnitObjection:
    """A member objects to the proposal for one unit."""
    comment = (comment or "").strip()
    if not comment:
        raise AppraisalError(_("Say what is wrong with the proposal."))
    with transaction.atomic():
        case = lock_case(case)
        check_allowed(case, "object")
        _require_member(actor, case)
        if case_unit.case_id != case.pk:
            raise AppraisalError(_("The unit is not in this case."))
        objection = UnitObjection.objects.create(case=case, case_unit=case_unit, round=case.round, user=actor,
                                                 comment=comment)
        code = Unit.objects.with_codes().get(pk=case_unit.unit_id).reference_code
        record(case=case, user=actor, action=CaseAction.OBJECT, comment=comment,
               data={"unit": case_unit.unit_id, "reference_code": code, "round": case.round})
    return objection


def appraisal_case_return(*, actor, case: AppraisalCase, comment: str) -> AppraisalCase:
    """Submitted or under review -> returned with comments: the author reworks the case.
    The chair closes the vote this way; the secretary may return a case before its review."""
    from ..tasks import case_notify_decided_task

    comment = (comment or "").strip()
    if not comment:
        raise AppraisalError(_("Say why the case is returned."))
    with transaction.atomic():
        case = lock_case(case)
        check_allowed(case, "return")
        _require_member(actor, case, chair=True, secretary_too=case.status == CaseStatus.SUBMITTED)
        tally = selectors.case_tally(case)
        case.decided_at, case.decided_by, case.decision_comment = timezone.now(), actor, comment
        _move(case, CaseStatus.RETURNED, actor, CaseAction.RETURN, comment=comment,
              data=_tally_data(tally), fields=["decided_at", "decided_by", "decision_comment"])
        case_id = case.pk
        transaction.on_commit(lambda: case_notify_decided_task.delay(case_id))
    return case


def _tally_data(tally: selectors.Tally) -> dict:
    return {"members": tally.members, "voted": tally.voted, "approvals": tally.approvals, "returns": tally.returns,
            "quorum_needed": tally.quorum_needed}


def appraisal_case_approve(*, actor, case: AppraisalCase, comment: str = "") -> AppraisalCase:
    """Under review -> approved: the chair closes the vote. Needs a quorum of the commission and
    approvals from more than half of all its members. Retention is set on the kept units, the
    inventory is approved, and units to destroy go on a destruction act. Proposals freeze."""
    from ..tasks import case_notify_decided_task

    with transaction.atomic():
        case = lock_case(case)
        check_allowed(case, "approve")
        _require_member(actor, case, chair=True)
        tally = selectors.case_tally(case)
        if not tally.has_quorum:
            raise AppraisalError(_("There is no quorum: %(voted)d of %(members)d members voted, %(needed)d needed.")
                                 % {"voted": tally.voted, "members": tally.members, "needed": tally.quorum_needed})
        if not tally.has_majority:
            raise AppraisalError(_("There is no majority: %(approvals)d of %(members)d members voted to approve, "
                                   "%(needed)d needed.") % {"approvals": tally.approvals, "members": tally.members,
                                                            "needed": tally.majority_needed})
        check_destroy_rules(case)
        now = timezone.now()
        case.decided_at, case.decided_by, case.frozen_at = now, actor, now
        case.decision_comment = (comment or "").strip()
        _move(case, CaseStatus.APPROVED, actor, CaseAction.APPROVE, comment=case.decision_comment,
              data=_tally_data(tally), fields=["decided_at", "decided_by", "frozen_at", "decision_comment"])
        _apply_outcomes(case, actor)
        if CaseUnit.objects.filter(case=case, outcome=Outcome.DESTROY).exists():
            _create_act(case, tally)
        CaseUnit.objects.filter(case=case).exclude(outcome=Outcome.DESTROY).update(is_open=False)
        case_id = case.pk
        transaction.on_commit(lambda: case_notify_decided_task.delay(case_id))
    return case


def _apply_outcomes(case: AppraisalCase, actor) -> None:
    """Retention (and value category) of the kept units, their articles, and the inventory's approval."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for unit_id, outcome, years, category, article_number in (
            CaseUnit.objects.filter(case=case).exclude(outcome=Outcome.DESTROY)
            .values_list("unit_id", "outcome", "retention_years", "value_category", "article__number")):
        groups[(outcome, years, category, article_number)].append(unit_id)
    for (outcome, years, category, article_number), unit_ids in groups.items():
        retention = Retention.PERMANENT if outcome == Outcome.PERMANENT else Retention.TEMPORARY
        # Shown in the unit's history under the label "ground" in every language: kept free of words.
        ground = f"№ {case.number}" + (f" ({article_number})" if article_number else "")
        for chunk in _chunks(unit_ids):
            holdings_services.units_set_retention(actor=actor, unit_ids=chunk, retention=retention, years=years,
                                                  value_category=category or None, ground=ground)
    with_article = CaseUnit.objects.filter(case=case, article__isnull=False)
    UnitArticle.objects.filter(unit_id__in=with_article.values("unit_id")).delete()
    now = timezone.now()
    UnitArticle.objects.bulk_create([UnitArticle(unit_id=uid, article_id=aid, set_by=actor, set_at=now)
                                     for uid, aid in with_article.values_list("unit_id", "article_id")],
                                    batch_size=1000)
    if case.scope == CaseScope.INVENTORY and case.inventory_id:
        inventory = Inventory.objects.get(pk=case.inventory_id)
        try:
            holdings_services.inventory_update(actor=actor, inventory=inventory,
                                               approval_status=InventoryStatus.APPROVED)
        except holdings_services.HoldingsError as exc:
            raise AppraisalError(str(exc)) from exc


def _legal_basis(case: AppraisalCase, language: str) -> str:
    """The ground of the act: the schedule versions and articles, and the commission's decision."""
    rows = (CaseUnit.objects.filter(case=case, outcome=Outcome.DESTROY, article__isnull=False)
            .values_list("article__schedule__title_ru", "article__schedule__title_kk", "article__schedule__order_number",
                         "article__schedule__order_date", "article__number", "article__sort_key").distinct())
    by_schedule: dict[tuple, set] = defaultdict(set)
    for title_ru, title_kk, number, date, article, sort_key in rows:
        by_schedule[(title_kk if language == "kk" else title_ru, number, date)].add((sort_key, article))
    with translation.override(language):
        parts = [_("%(title)s, approved by order № %(number)s of %(date)s, articles %(articles)s")
                 % {"title": title, "number": number, "date": f"{date:%d.%m.%Y}",
                    "articles": ", ".join(a for _k, a in sorted(arts))}
                 for (title, number, date), arts in sorted(by_schedule.items(), key=lambda kv: kv[0][2])]
        decision = _("decision of the %(commission)s of %(date)s on case %(case)s") % {
            "commission": case.commission.name_in(language),
            "date": f"{timezone.localdate(case.decided_at):%d.%m.%Y}", "case": case.number}
        return "; ".join([*parts, decision]) + "."


def act_snapshot(case: AppraisalCase, tally: selectors.Tally) -> dict:
    """The archive, the commission with its people, and the vote, as they are when the act is approved."""
    archive = Archive.objects.get(pk=case.archive_id)
    commission = ExpertCommission.objects.select_related("chair", "secretary").get(pk=case.commission_id)
    others = [m.user.display_name for m in selectors.commission_members(commission)
              if m.user_id not in (commission.chair_id, commission.secretary_id)]
    return {
        "archive": {"ru": archive.name_ru or archive.name_kk, "kk": archive.name_kk or archive.name_ru},
        "commission": {"ru": commission.name, "kk": commission.name_in("kk"), "kind": commission.kind},
        "chair": commission.chair.display_name, "secretary": commission.secretary.display_name, "members": others,
        "vote": _tally_data(tally),
    }


def _create_act(case: AppraisalCase, tally: selectors.Tally) -> DestructionAct:
    today = timezone.localdate()
    values = {"case": case, "archive_id": case.archive_id, "year": today.year, "date": today,
              "legal_basis_ru": _legal_basis(case, "ru"), "legal_basis_kk": _legal_basis(case, "kk"),
              "snapshot": act_snapshot(case, tally)}
    for attempt in range(3):
        try:
            with transaction.atomic():
                act = DestructionAct.objects.create(
                    seq=_next_seq(DestructionAct, case.archive_id, today.year), **values)
            break
        except IntegrityError:  # two acts of the archive numbered at once: take the next number
            if attempt == 2:
                raise
    rows = (CaseUnit.objects.filter(case=case, outcome=Outcome.DESTROY)
            .select_related("unit__inventory__fonds", "article")
            .order_by("unit__inventory__fonds__sort_key", "unit__inventory__sort_key", "unit__sort_key", "unit_id"))
    items, sheets = [], 0
    for position, cu in enumerate(rows.iterator(chunk_size=1000), start=1):
        unit = cu.unit
        sheets += unit.extent_sheets or 0
        items.append(DestructionActItem(
            act=act, position=position, unit=unit, reference_code=unit.reference_code, title=unit.title,
            date_start=unit.date_start, date_end=unit.date_end, extent_sheets=unit.extent_sheets,
            article_number=cu.article.number if cu.article else "",
            retention_kind=cu.article.retention_kind if cu.article else "",
            retention_years=cu.article.retention_years if cu.article else None))
    DestructionActItem.objects.bulk_create(items, batch_size=1000)
    act.item_count, act.total_sheets = len(items), sheets
    act.save(update_fields=["item_count", "total_sheets"])
    return act


def appraisal_case_cancel(*, actor, case: AppraisalCase, comment: str = "") -> AppraisalCase:
    """Draft or returned -> cancelled: the author withdraws the case and its units are free again."""
    with transaction.atomic():
        case = lock_case(case)
        check_allowed(case, "cancel")
        _require_archivist(actor, case.archive_id)
        CaseUnit.objects.filter(case=case).update(is_open=False)
        _move(case, CaseStatus.CANCELLED, actor, CaseAction.CANCEL, comment=(comment or "").strip())
    return case
