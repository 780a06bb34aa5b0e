"""E-mails of the app, each in its recipient's language: deposit reminders, deposit receipts,
fixity alerts. Called after commit; a failed delivery is logged and never undoes the work."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from holdings import access
from holdings.choices import StaffRole

from .choices import ReminderKind
from .models import Accession, AudiovisualWork, DepositObligation, FixityAlert

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    """One address and the language to write to it in."""

    email: str
    language: str
    role: str  # "producer" or "archive"


def _archive_recipients(archive) -> list[Recipient]:
    """The archive's own address if it has one, else its archivists (each in their language)."""
    if archive.email:
        return [Recipient(archive.email, settings.LANGUAGE_CODE, "archive")]
    return [Recipient(u.email, u.preferred_language or settings.LANGUAGE_CODE, "archive")
            for u in access.staff_users(archive.pk, StaffRole.ARCHIVIST).exclude(email="")]


def deposit_reminder_recipients(obligation: DepositObligation) -> list[Recipient]:
    producer = obligation.work.producer
    out = []
    if producer.contact_email:
        out.append(Recipient(producer.contact_email, producer.language, "producer"))
    return out + _archive_recipients(obligation.archive)


def _send(subject: str, body: str, to: str, attachments: list | None = None) -> bool:
    message = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to])
    for name, content, mime in attachments or []:
        message.attach(name, content, mime)
    try:
        message.send()
    except Exception:  # noqa: BLE001 - delivery problems are logged; the recorded work stands
        logger.exception("could not send e-mail %r to %s", subject, to)
        return False
    return True


def _office_link(name: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def send_deposit_reminder(obligation_id: int, kind: str, recipients: list[Recipient]) -> int:
    obligation = (DepositObligation.objects.select_related("work__producer", "archive")
                  .filter(pk=obligation_id).first())
    if obligation is None:
        return 0
    work, producer = obligation.work, obligation.work.producer
    sent = 0
    for r in recipients:
        with translation.override(r.language):
            params = {"title": work.title, "producer": producer.name, "archive": obligation.archive.name,
                      "due": formats.date_format(obligation.due_date, "d.m.Y"),
                      "days": settings.AV_DEPOSIT_DUE_DAYS}
            if kind == ReminderKind.OVERDUE:
                subject = _("Overdue: deposit of “%(title)s”") % params
                lead = _("The compulsory deposit copy of “%(title)s” by %(producer)s was due on %(due)s and has "
                         "not been received by %(archive)s.") % params
            else:
                subject = _("Reminder: deposit of “%(title)s” is due on %(due)s") % params
                lead = _("The compulsory deposit copy of “%(title)s” by %(producer)s is due at %(archive)s on "
                         "%(due)s.") % params
            if r.role == "producer":
                body = "\n\n".join([
                    lead,
                    _("A legal entity that produced an audiovisual work funded from the state budget deposits one "
                      "copy for state preservation within %(days)s days of its release. Please bring or send the "
                      "copy with its carriers and formats to the archive.") % params,
                    _("This is an automatic message of the National Archive."),
                ])
            else:
                body = "\n\n".join([lead, _("Obligation: %(link)s")
                                    % {"link": _office_link("accessions:work_detail", work.pk)}])
            if _send(subject, body, r.email):
                sent += 1
    return sent


def send_deposit_receipt(accession_id: int) -> bool:
    """E-mails the deposit receipt (PDF) to the producer's contact, in the producer's language."""
    from .pdf import deposit_receipt_pdf

    accession = Accession.objects.select_related("archive", "processed_by").filter(pk=accession_id).first()
    if accession is None:
        return False
    work = (AudiovisualWork.objects.select_related("producer")
            .filter(pk__in=_work_ids_for(accession)).first())
    if work is None or not work.producer.contact_email:
        return False
    language = work.producer.language
    content = deposit_receipt_pdf(work, accession, language=language)
    with translation.override(language):
        subject = _("Receipt: “%(title)s” deposited, act № %(number)s") % {"title": work.title,
                                                                            "number": accession.number}
        body = _("%(archive)s has received the deposited copy of “%(title)s”. The receipt is attached.") % {
            "archive": accession.archive.name, "title": work.title}
    return _send(subject, body, work.producer.contact_email,
                 [(f"receipt-{accession.number}.pdf", content, "application/pdf")])


def _work_ids_for(accession: Accession) -> list[int]:
    from .models import DepositOffer

    ids = list(DepositObligation.objects.filter(accession=accession).values_list("work_id", flat=True))
    return ids or list(DepositOffer.objects.filter(accession=accession).values_list("work_id", flat=True))


def send_fixity_alert(alert_id: int) -> int:
    alert = FixityAlert.objects.select_related("archive").filter(pk=alert_id).first()
    if alert is None:
        return 0
    sent = 0
    for r in _archive_recipients(alert.archive):
        with translation.override(r.language):
            subject = _("Fixity alert: %(problem)s, %(file)s") % {"problem": alert.get_problem_display(),
                                                                  "file": alert.object_name}
            body = "\n".join([
                _("The fixity audit found a problem with a stored file of %(archive)s.") % {
                    "archive": alert.archive.name},
                _("File: %(file)s") % {"file": alert.object_name},
                _("Problem: %(problem)s") % {"problem": alert.get_problem_display()},
                _("Expected sha256: %(sha)s") % {"sha": alert.expected_sha256},
                _("Found sha256: %(sha)s") % {"sha": alert.found_sha256 or "—"},
                _("Alerts: %(link)s") % {"link": _office_link("accessions:fixity_alerts")},
            ])
            if _send(subject, body, r.email):
                sent += 1
    return sent
