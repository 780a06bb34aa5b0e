"""What every appraisal service shares: the error, the workflow table and the event record."""
from __future__ import annotations

from django.utils.translation import gettext_lazy

from ..choices import CaseAction, CaseStatus
from ..models import AppraisalCase, CaseEvent


class AppraisalError(Exception):
    """An appraisal rule was broken; the message is for the user, in their language."""


class AppraisalPermissionError(AppraisalError):
    """The user sees the object but may not do this to it (403, not 404)."""


S = CaseStatus

# The workflow in one place: transition -> (states it may start from, state it leads to).
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "submit": ((S.DRAFT, S.RETURNED), S.SUBMITTED),
    "start_review": ((S.SUBMITTED,), S.UNDER_REVIEW),
    "approve": ((S.UNDER_REVIEW,), S.APPROVED),
    "return": ((S.SUBMITTED, S.UNDER_REVIEW), S.RETURNED),
    "cancel": ((S.DRAFT, S.RETURNED), S.CANCELLED),
    "execute": ((S.APPROVED,), S.EXECUTED),
}
# Actions that are not transitions but are allowed only in some states.
ACTIONS_IN: dict[str, tuple[str, ...]] = {
    "edit": (S.DRAFT, S.RETURNED),
    "vote": (S.UNDER_REVIEW,),
    "object": (S.UNDER_REVIEW,),
    "amend_act": (S.APPROVED,),
}
# One whole sentence per action, so that each translates naturally.
REFUSALS = {
    "submit": gettext_lazy("Case %(number)s is «%(status)s»: it cannot be submitted now."),
    "start_review": gettext_lazy("Case %(number)s is «%(status)s»: its review cannot be started now."),
    "approve": gettext_lazy("Case %(number)s is «%(status)s»: it cannot be approved now."),
    "return": gettext_lazy("Case %(number)s is «%(status)s»: it cannot be returned now."),
    "cancel": gettext_lazy("Case %(number)s is «%(status)s»: it cannot be cancelled now."),
    "execute": gettext_lazy("Case %(number)s is «%(status)s»: its act cannot be executed now."),
    "edit": gettext_lazy("Case %(number)s is «%(status)s»: it cannot be edited now."),
    "vote": gettext_lazy("Case %(number)s is «%(status)s»: it cannot be voted on now."),
    "object": gettext_lazy("Case %(number)s is «%(status)s»: objections cannot be made now."),
    "amend_act": gettext_lazy("Case %(number)s is «%(status)s»: its act cannot be amended now."),
}


def allowed(name: str, status: str) -> bool:
    states = TRANSITIONS[name][0] if name in TRANSITIONS else ACTIONS_IN[name]
    return status in states


def check_allowed(case: AppraisalCase, name: str) -> None:
    """Raises AppraisalError naming the case's state when `name` is not allowed in it."""
    if not allowed(name, case.status):
        raise AppraisalError(str(REFUSALS[name]) % {"number": case.number, "status": case.get_status_display()})


def allowed_transitions(status: str) -> list[str]:
    return [name for name, (sources, _target) in TRANSITIONS.items() if status in sources]


def record(*, case: AppraisalCase, user, action: CaseAction | str, from_status: str = "", to_status: str = "",
           comment: str = "", data: dict | None = None) -> CaseEvent:
    return CaseEvent.objects.create(case=case, user=user if user and user.is_authenticated else None,
                                    action=action, from_status=from_status, to_status=to_status,
                                    comment=comment, data=data or {})


def lock_case(case: AppraisalCase) -> AppraisalCase:
    """Re-reads the case under a row lock (with its commission), so two transitions cannot race."""
    locked = AppraisalCase.objects.select_for_update(of=("self",)).select_related("commission").get(pk=case.pk)
    return locked
