"""Request life cycles: the four kinds, allowed and refused transitions, prerequisites, e-mails."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from readingroom import services
from readingroom.choices import EventAction, FeeService, RequestStatus
from readingroom.models import PriceListItem, Request, RequestAttachment
from readingroom.services import ItemData, RequestError

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _certificate(user, archive, **extra):
    data = {"certificate_kind": "salary", "certificate_language": "ru", "person_name": "Кэрол Смирнова",
            "organization": "Комбинат", "year_from": 1980, "year_to": 1985, "position": "ткачиха"}
    data.update(extra)
    return services.certificate_request_create(actor=user, archive=archive, **data)


def _next_working_day(offset: int = 3) -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=offset)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def test_allowed_and_refused_transitions(carol, rita, archive_a):
    req = _certificate(carol, archive_a)
    assert req.status == RequestStatus.SUBMITTED
    assert services.allowed_transitions(req) == ["take", "refuse"]
    with pytest.raises(RequestError, match="Only a request in progress can be marked ready"):
        services.request_complete(actor=rita, request=req)
    req = services.request_take(actor=rita, request=req)
    assert req.status == RequestStatus.IN_PROGRESS and req.assigned_to == rita
    with pytest.raises(RequestError, match="Only a submitted request can be taken"):
        services.request_take(actor=rita, request=req)
    with pytest.raises(RequestError, match="reason"):
        services.request_refuse(actor=rita, request=req, reason="  ")
    req = services.request_refuse(actor=rita, request=req, reason="Документы на хранение не поступали.")
    assert req.status == RequestStatus.REFUSED and req.closed_at
    assert services.allowed_transitions(req) == []
    with pytest.raises(RequestError, match="can no longer be refused"):
        services.request_refuse(actor=rita, request=req, reason="again")
    actions = list(req.events.values_list("action", "from_status", "to_status"))
    assert actions == [(EventAction.SUBMITTED, "", "submitted"), (EventAction.TAKEN, "submitted", "in_progress"),
                       (EventAction.REFUSED, "in_progress", "refused")]


def test_transition_errors_are_translated(carol, rita, archive_a):
    from django.utils import translation

    req = _certificate(carol, archive_a)
    with translation.override("ru"), pytest.raises(RequestError) as ru:
        services.request_complete(actor=rita, request=req)
    with translation.override("kk"), pytest.raises(RequestError) as kk:
        services.request_complete(actor=rita, request=req)
    assert str(ru.value).startswith("Готовым можно отметить только запрос в работе")
    assert str(kk.value).startswith("Дайын деп тек орындалудағы сұранысты белгілеуге болады")


def test_only_staff_of_the_archive_act(carol, rob, alice, archive_a):
    req = _certificate(carol, archive_a)
    for outsider in (carol, rob, alice):  # the citizen, staff of archive B, an archivist without the right
        with pytest.raises(RequestError, match="do not answer requests"):
            services.request_take(actor=outsider, request=req)


def test_certificate_cycle_needs_the_certificate(carol, rita, archive_a, tree):
    req = services.request_take(actor=rita, request=_certificate(carol, archive_a))
    with pytest.raises(RequestError, match="Issue the certificate first"):
        services.request_complete(actor=rita, request=req)
    cert = services.certificate_issue(actor=rita, request=req, title="Архивная справка", body="Текст",
                                      grounds=[ItemData(tree.open, "2")], language="ru")
    assert cert.number.startswith(f"{archive_a.code}-{timezone.localdate().year}-")
    req = services.request_complete(actor=rita, request=req)
    assert req.status == RequestStatus.READY
    assert req.fee == 0  # social-legal certificates are free


def test_certificate_request_validation(carol, archive_a):
    with pytest.raises(RequestError, match="organization"):
        _certificate(carol, archive_a, organization="")
    with pytest.raises(RequestError, match="first year is after"):
        _certificate(carol, archive_a, year_from=1990, year_to=1980)
    with pytest.raises(RequestError, match="full name"):
        _certificate(carol, archive_a, person_name=" ")


def test_copy_fee_from_price_list_must_be_paid_before_ready(carol, rita, archive_a, tree):
    PriceListItem.objects.create(archive=archive_a, service=FeeService.ELECTRONIC_COPY_PAGE, price=Decimal("150"))
    req = services.copy_request_create(actor=carol, items=[ItemData(tree.open, "1-2")], copy_kind="electronic")
    assert req.fee == Decimal("300")
    services.request_take(actor=rita, request=req)
    services.request_record_payment(actor=rita, request=req, reference="R-1")
    with pytest.raises(RequestError, match="already recorded"):
        services.request_record_payment(actor=rita, request=req, reference="R-1")
    with pytest.raises(RequestError, match="Produce the files first"):
        services.request_complete(actor=rita, request=req)
    services.copy_request_produce(actor=rita, request=req)
    req.refresh_from_db()
    assert req.paid_at is not None and req.paid_recorded_by == rita
    assert services.request_complete(actor=rita, request=req).status == RequestStatus.READY


def test_unpaid_fee_blocks_ready(carol, rita, archive_a, tree):
    PriceListItem.objects.create(archive=archive_a, service=FeeService.ELECTRONIC_COPY_PAGE, price=Decimal("100"))
    req = services.copy_request_create(actor=carol, items=[ItemData(tree.open)], copy_kind="electronic")
    assert req.fee == Decimal("300")  # the whole unit: 3 sheets
    services.request_take(actor=rita, request=req)
    services.copy_request_produce(actor=rita, request=req)
    with pytest.raises(RequestError, match="not paid"):
        services.request_complete(actor=rita, request=req)
    services.request_set_fee(actor=rita, request=req, fee=Decimal("0"), note="льгота")
    services.request_complete(actor=rita, request=req)


def test_copy_kind_must_fit_the_media(carol, tree):
    with pytest.raises(RequestError, match="not an electronic document"):
        services.copy_request_create(actor=carol, items=[ItemData(tree.open)], copy_kind="paper",
                                     delivery="pickup")
    with pytest.raises(RequestError, match="order a paper copy"):
        services.copy_request_create(actor=carol, items=[ItemData(tree.electronic)], copy_kind="electronic")
    with pytest.raises(RequestError, match="picked up"):
        services.copy_request_create(actor=carol, items=[ItemData(tree.electronic)], copy_kind="paper",
                                     delivery="download")
    req = services.copy_request_create(actor=carol, items=[ItemData(tree.electronic)], copy_kind="paper",
                                       delivery="pickup")
    assert req.delivery == "pickup"


def test_copy_of_restricted_or_closed_unit_is_refused_at_submission(carol, tree):
    with pytest.raises(RequestError, match="restricted"):
        services.copy_request_create(actor=carol, items=[ItemData(tree.restricted)], copy_kind="electronic")
    with pytest.raises(RequestError, match="not found"):
        services.copy_request_create(actor=carol, items=[ItemData(tree.closed)], copy_kind="electronic")


def test_sheets_are_checked(carol, tree):
    with pytest.raises(RequestError, match="has 3 sheets"):
        services.copy_request_create(actor=carol, items=[ItemData(tree.open, "2-5")], copy_kind="electronic")
    with pytest.raises(RequestError, match="numbers and ranges"):
        services.copy_request_create(actor=carol, items=[ItemData(tree.open, "two")], copy_kind="electronic")


def test_visit_booking_limits_and_calendar(carol, dave, alice, rita, tree, settings):
    day = _next_working_day()
    services.visit_request_create(actor=carol, visit_date=day, items=[ItemData(tree.open)])
    second = services.visit_request_create(actor=dave, visit_date=day, items=[ItemData(tree.open)])
    assert second.due_date == day
    with pytest.raises(RequestError, match="fully booked"):
        services.visit_request_create(actor=carol, visit_date=day, items=[ItemData(tree.open)])
    services.request_refuse(actor=rita, request=second, reason="Читальный зал на ремонте")
    services.visit_request_create(actor=carol, visit_date=day, items=[ItemData(tree.open)])  # a place freed
    saturday = day + dt.timedelta(days=(5 - day.weekday()) % 7)
    with pytest.raises(RequestError, match="closed on"):
        services.visit_request_create(actor=carol, visit_date=saturday, items=[ItemData(tree.open)])
    with pytest.raises(RequestError, match="from tomorrow"):
        services.visit_request_create(actor=carol, visit_date=timezone.localdate(), items=[ItemData(tree.open)])
    with pytest.raises(RequestError, match="not open to you"):
        services.visit_request_create(actor=carol, visit_date=day, items=[ItemData(tree.personal)])


def test_access_request_and_grant(carol, rita, tree):
    with pytest.raises(RequestError, match="open to everyone"):
        services.access_request_create(actor=carol, items=[ItemData(tree.open)], ground="data_subject")
    with pytest.raises(RequestError, match="Attach the document"):
        services.access_request_create(actor=carol, items=[ItemData(tree.personal)], ground="heir")
    with pytest.raises(RequestError, match="research purpose"):
        services.access_request_create(actor=carol, items=[ItemData(tree.personal)], ground="research")
    consent = SimpleUploadedFile("consent.pdf", PDF, content_type="application/pdf")
    req = services.access_request_create(actor=carol, items=[ItemData(tree.personal)], ground="consent",
                                         attachments=[consent])
    assert RequestAttachment.objects.get(request=req).content_type == "application/pdf"
    services.request_take(actor=rita, request=req)
    with pytest.raises(RequestError, match="completed by granting"):
        services.request_complete(actor=rita, request=req)
    until = timezone.localdate() + dt.timedelta(days=30)
    with pytest.raises(RequestError, match="Verify the requester's identity"):
        services.access_request_grant(actor=rita, request=req, until=until)
    services.request_verify_identity(actor=rita, request=req, document="Удостоверение № 012345678")
    req = services.access_request_grant(actor=rita, request=req, until=until)
    assert req.status == RequestStatus.READY
    carol = type(carol).objects.get(pk=carol.pk)  # a new request, a fresh user
    with pytest.raises(RequestError, match="already have access"):
        services.access_request_create(actor=carol, items=[ItemData(tree.personal)], ground="data_subject")


def test_attachments_are_checked_and_nothing_half_written(carol, archive_a, settings):
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00binary", content_type="application/pdf")
    with pytest.raises(RequestError, match="not a PDF, JPEG or PNG"):
        _certificate(carol, archive_a, attachments=[bad])
    assert not Request.objects.exists()
    many = [SimpleUploadedFile(f"{i}.pdf", PDF) for i in range(6)]
    with pytest.raises(RequestError, match="at most 5"):
        _certificate(carol, archive_a, attachments=many)


def test_files_are_removed_when_creation_fails(carol, archive_a, tmp_path, monkeypatch):
    import os

    from readingroom.services import requests as request_services

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(request_services, "record", broken)
    with pytest.raises(RuntimeError):
        _certificate(carol, archive_a, attachments=[SimpleUploadedFile("a.pdf", PDF)])
    from django.conf import settings as dj_settings

    stored = [f for _root, _dirs, files in os.walk(dj_settings.MEDIA_ROOT) for f in files]
    assert stored == []
    assert not Request.objects.exists()


def test_citizen_gets_emails_in_their_language(dave, rita, archive_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        req = _certificate(dave, archive_a, certificate_language="kk")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_take(actor=rita, request=req)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_add_note(actor=rita, request=req, note="internal: phone the employer")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_refuse(actor=rita, request=req, reason="Құжаттар табылмады")
    assert len(mail.outbox) == 3  # submitted, taken, refused; never the internal note
    last = mail.outbox[-1]
    assert last.to == [dave.email]
    assert "Құжаттар табылмады" in last.body
    assert "internal" not in "".join(m.body for m in mail.outbox)
    assert "Сіздің" in last.subject or "өтініш" in last.subject.lower()
    assert f"/requests/{req.pk}/" in last.body


def test_assignment_only_to_reading_room_staff(carol, rita, alice, archive_a):
    req = _certificate(carol, archive_a)
    with pytest.raises(RequestError, match="does not answer"):
        services.request_assign(actor=rita, request=req, assignee=alice)
    services.request_assign(actor=rita, request=req, assignee=rita)
    req.refresh_from_db()
    assert req.assigned_to == rita
    assert not req.events.get(action=EventAction.ASSIGNED).public


def test_history_lines_are_worded_in_the_readers_language(dave, rita, tree, django_capture_on_commit_callbacks):
    """Staff work in Russian; dave reads Kazakh: what the system says in his history and e-mails is
    Kazakh (with day-first dates), what a person wrote stays as written."""
    from django.utils import translation

    PriceListItem.objects.create(archive=tree.fonds.archive, service=FeeService.ELECTRONIC_COPY_PAGE,
                                 price=Decimal("100"))
    until = timezone.localdate() + dt.timedelta(days=20)
    with translation.override("ru"):
        req = services.access_request_create(actor=dave, items=[ItemData(tree.personal)], ground="research",
                                             purpose="Тарих")
        services.request_take(actor=rita, request=req)
        services.request_verify_identity(actor=rita, request=req, document="ID 1")
        with django_capture_on_commit_callbacks(execute=True):
            services.access_request_grant(actor=rita, request=req, until=until, note="Оқу залында")
        copy = services.copy_request_create(actor=dave, items=[ItemData(tree.open, "1")], copy_kind="electronic")
        services.request_take(actor=rita, request=copy)
        services.request_set_fee(actor=rita, request=copy, fee=Decimal("50"), note="жеңілдік")
        services.copy_request_produce(actor=rita, request=copy)
    grant = req.events.get(action=EventAction.GRANT)
    assert grant.note == "Оқу залында" and grant.data == {"until": until.isoformat()}
    day = until.strftime("%d.%m.%Y")
    with translation.override("kk"):
        assert grant.text == f"{day} дейін рұқсат. Оқу залында"
        assert copy.events.get(action=EventAction.FEE).text == "50 теңге. жеңілдік"
        assert copy.events.get(action=EventAction.FILES).text.startswith("1 файл")
    with translation.override("ru"):
        assert copy.events.get(action=EventAction.FEE).text == "50 тенге. жеңілдік"
    assert f"{day} дейін рұқсат. Оқу залында" in mail.outbox[-1].body
    assert "Доступ до" not in "".join(m.body for m in mail.outbox)
