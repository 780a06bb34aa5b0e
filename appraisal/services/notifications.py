"""E-mail about cases, each in its recipient's preferred language (sent by tasks after commit)."""
from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ..models import AppraisalCase, CommissionMember


def _message(*, user, template: str, context: dict) -> EmailMessage:
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        ctx = {**context, "recipient": user}
        subject = " ".join(render_to_string(f"appraisal/email/{template}_subject.txt", ctx).split())
        body = render_to_string(f"appraisal/email/{template}.txt", ctx)
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email])


def _context(case: AppraisalCase) -> dict:
    return {"case": case, "link": settings.SITE_URL.rstrip("/") + reverse("appraisal:case_detail", args=[case.pk])}


def case_notify_submitted(*, case_id: int) -> int:
    """Tells every member of the commission that a case awaits them; returns the number of e-mails."""
    case = AppraisalCase.objects.select_related("archive", "commission", "created_by").filter(pk=case_id).first()
    if case is None:
        return 0
    members = [m.user for m in CommissionMember.objects.filter(commission_id=case.commission_id)
               .select_related("user") if m.user.email and m.user.is_active]
    messages = [_message(user=u, template="case_submitted", context=_context(case)) for u in members]
    return get_connection().send_messages(messages) or 0 if messages else 0


def case_notify_decided(*, case_id: int) -> int:
    """Tells the author that the commission approved or returned the case."""
    case = (AppraisalCase.objects.select_related("archive", "commission", "created_by", "decided_by")
            .filter(pk=case_id).first())
    if case is None or not case.created_by.email:
        return 0
    message = _message(user=case.created_by, template="case_decided", context=_context(case))
    return get_connection().send_messages([message]) or 0
