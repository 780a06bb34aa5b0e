"""Writes of the reading room: every function is keyword-only, takes the acting user, runs in one
transaction with its history line, and sends e-mail after commit."""
from .calendar import (
    holiday_add,
    holiday_remove,
    holidays_load_year,
    price_item_set,
    request_term_set,
)
from .common import RequestError
from .deliveries import (
    access_request_grant,
    certificate_issue,
    copy_request_produce,
    delivery_downloaded,
    is_verified_data_subject,
    needs_redaction,
    personal_data_protected,
    redaction_region_add,
    redaction_region_remove,
    request_renew_links,
    units_awaiting_redaction,
)
from .requests import (
    TRANSITIONS,
    ItemData,
    access_request_create,
    allowed_transitions,
    certificate_request_create,
    compute_fee,
    copy_request_create,
    request_add_note,
    request_assign,
    request_complete,
    request_record_payment,
    request_refuse,
    request_set_fee,
    request_take,
    request_verify_identity,
    visit_request_create,
)

__all__ = [
    "TRANSITIONS", "ItemData", "RequestError", "access_request_create", "access_request_grant", "allowed_transitions",
    "certificate_issue", "certificate_request_create", "compute_fee", "copy_request_create", "copy_request_produce",
    "delivery_downloaded", "holiday_add", "holiday_remove", "holidays_load_year", "is_verified_data_subject",
    "needs_redaction", "personal_data_protected", "price_item_set", "redaction_region_add",
    "redaction_region_remove", "request_add_note", "request_assign", "request_complete", "request_record_payment",
    "request_refuse", "request_renew_links", "request_set_fee", "request_take", "request_term_set", "request_verify_identity",
    "units_awaiting_redaction", "visit_request_create",
]
