"""The state machines of the app: every allowed transition is listed here and nowhere else.

Services call `check(...)` before a transition; anything not listed raises AccessionError with a
translated message naming both states."""
from __future__ import annotations

from django.utils.translation import gettext as _

from .choices import AccessionStatus, ObligationStatus, OfferStatus, TransferStatus


class AccessionError(Exception):
    """A rule of the accessions app was broken; the message is for the user, in their language."""


ACCESSION = {
    AccessionStatus.DRAFT: {AccessionStatus.RECEIVED, AccessionStatus.REJECTED},
    AccessionStatus.RECEIVED: {AccessionStatus.PROCESSED, AccessionStatus.REJECTED},
    AccessionStatus.PROCESSED: set(),
    AccessionStatus.REJECTED: set(),
}

OBLIGATION = {
    ObligationStatus.DUE: {ObligationStatus.DEPOSITED, ObligationStatus.OVERDUE},
    ObligationStatus.OVERDUE: {ObligationStatus.DEPOSITED},
    ObligationStatus.DEPOSITED: set(),
}

OFFER = {
    OfferStatus.OFFERED: {OfferStatus.ACCEPTED, OfferStatus.DECLINED},
    OfferStatus.ACCEPTED: set(),
    OfferStatus.DECLINED: set(),
}

# A failed transfer may be sent through the pipeline again (staff retry): back to `uploaded`.
TRANSFER = {
    TransferStatus.UPLOADED: {TransferStatus.VERIFYING, TransferStatus.FAILED},
    TransferStatus.VERIFYING: {TransferStatus.STORED, TransferStatus.FAILED},
    TransferStatus.STORED: {TransferStatus.ACCESSIONED, TransferStatus.FAILED},
    TransferStatus.ACCESSIONED: set(),
    TransferStatus.FAILED: {TransferStatus.UPLOADED},
}

MACHINES = {"accession": (ACCESSION, AccessionStatus), "obligation": (OBLIGATION, ObligationStatus),
            "offer": (OFFER, OfferStatus), "transfer": (TRANSFER, TransferStatus)}


def allowed(machine: str, current: str, target: str) -> bool:
    transitions, _choices = MACHINES[machine]
    return target in transitions.get(current, set())


def check(machine: str, current: str, target: str) -> None:
    """Raises AccessionError unless `current -> target` is an allowed transition of `machine`."""
    if not allowed(machine, current, target):
        _transitions, choices = MACHINES[machine]
        labels = dict(choices.choices)
        raise AccessionError(_("Not allowed: the status cannot change from “%(current)s” to “%(target)s”.")
                             % {"current": labels.get(current, current), "target": labels.get(target, target)})


def next_states(machine: str, current: str) -> set[str]:
    transitions, _choices = MACHINES[machine]
    return set(transitions.get(current, set()))
