"""Writes of the accessions app (split by domain; import them from here).

Every function is keyword-only, takes the acting user, runs in one transaction, writes its audit
row in it, and defers e-mail and Celery work to `transaction.on_commit`. Rules broken by the input
raise AccessionError with a translated message; not-allowed transitions are refused by
accessions.workflows."""
from ..workflows import AccessionError
from .acts import (
    accession_create,
    accession_item_remove,
    accession_items_add,
    accession_process,
    accession_receive,
    accession_reject,
    accession_update,
    parse_items_csv,
)
from .deposits import (
    deposit_archive,
    deposit_media_process,
    deposit_obligation_ensure,
    deposit_offer_accept,
    deposit_offer_create,
    deposit_offer_decline,
    deposit_receive,
    due_date_for,
    obligations_mark_overdue,
    work_register,
    work_update,
)
from .fixity import fixity_alert_resolve, fixity_audit_run
from .sources import (
    agency_account_create,
    agency_account_set_active,
    agency_account_token_reset,
    source_create,
    source_update,
)
from .transfers import (
    IdempotencyConflict,
    PackageTooLarge,
    delete_stored_files,
    transfer_process,
    transfer_retry,
    transfer_submit,
    transfers_requeue_stuck,
)

__all__ = [
    "AccessionError", "IdempotencyConflict", "PackageTooLarge",
    "accession_create", "accession_item_remove", "accession_items_add", "accession_process", "accession_receive",
    "accession_reject", "accession_update", "parse_items_csv",
    "deposit_archive", "deposit_media_process", "deposit_obligation_ensure", "deposit_offer_accept",
    "deposit_offer_create", "deposit_offer_decline", "deposit_receive", "due_date_for", "obligations_mark_overdue",
    "work_register", "work_update",
    "fixity_alert_resolve", "fixity_audit_run",
    "agency_account_create", "agency_account_set_active", "agency_account_token_reset", "source_create",
    "source_update",
    "delete_stored_files", "transfer_process", "transfer_retry", "transfer_submit", "transfers_requeue_stuck",
]
