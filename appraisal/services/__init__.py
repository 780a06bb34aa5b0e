"""Writes of the appraisal app (one module per part of the domain, all re-exported here).

Every function is keyword-only, takes the acting user, runs in one transaction, records a
CaseEvent for anything that touches a case, and sends e-mail after commit. They raise
AppraisalError (translated, for the user) when a rule is broken and AppraisalPermissionError when
the user sees the object but may not do this to it."""
from .acts import destruction_act_amend, destruction_act_execute
from .cases import (
    UNSET,
    appraisal_case_approve,
    appraisal_case_cancel,
    appraisal_case_create,
    appraisal_case_object,
    appraisal_case_proposals_set,
    appraisal_case_return,
    appraisal_case_start_review,
    appraisal_case_submit,
    appraisal_case_units_add,
    appraisal_case_units_remove,
    appraisal_case_update,
    appraisal_case_vote,
    check_destroy_rules,
    prefill,
)
from .commissions import (
    commission_create,
    commission_member_add,
    commission_member_remove,
    commission_update,
    grant_case_to_members,
)
from .common import TRANSITIONS, AppraisalError, AppraisalPermissionError, allowed, allowed_transitions
from .notifications import case_notify_decided, case_notify_submitted
from .schedule import (
    ImportReport,
    article_by_number,
    current_schedule,
    inventory_article_set,
    parse_retention,
    parse_schedule_csv,
    retention_schedule_import,
    retention_schedule_make_current,
    unit_articles_set,
    units_by_numbers,
)

__all__ = [
    "TRANSITIONS", "UNSET", "AppraisalError", "AppraisalPermissionError", "ImportReport", "allowed",
    "allowed_transitions", "appraisal_case_approve", "appraisal_case_cancel", "appraisal_case_create",
    "appraisal_case_object", "appraisal_case_proposals_set", "appraisal_case_return", "appraisal_case_start_review",
    "appraisal_case_submit", "appraisal_case_units_add", "appraisal_case_units_remove", "appraisal_case_update",
    "appraisal_case_vote", "article_by_number", "case_notify_decided", "case_notify_submitted",
    "check_destroy_rules", "commission_create", "commission_member_add", "commission_member_remove",
    "commission_update", "current_schedule", "destruction_act_amend", "destruction_act_execute",
    "grant_case_to_members", "inventory_article_set", "parse_retention", "parse_schedule_csv", "prefill",
    "retention_schedule_import", "retention_schedule_make_current", "unit_articles_set", "units_by_numbers",
]
