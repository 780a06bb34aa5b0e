"""E-mail to the citizen on each change of a request, in the citizen's own language."""
from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import RequestEvent


def send_event_email(event: RequestEvent) -> bool:
    """Sends one message for a public history line; returns False when there is no address."""
    request = event.request
    user = request.requester
    if not user.email or not event.public:
        return False
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "request": request,
            "event": event,
            "user": user,
            "url": settings.SITE_URL.rstrip("/") + reverse("readingroom:my_request", args=[request.pk]),
        }
        subject = render_to_string("readingroom/email/request_event_subject.txt", context).strip()
        body = render_to_string("readingroom/email/request_event.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True
