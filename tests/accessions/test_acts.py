"""Sources and acts of acceptance: the workflow, processing into holdings, the printable act."""
import datetime as dt

import pytest

from accessions import services, workflows
from accessions.models import AccessionUnit, AuditEntry, Source
from accessions.pdf import accession_act_pdf
from holdings.models import ChangeRecord, Fonds, Unit

from .factories import make_source, next_bin
from .pdftext import extract_text, pdftotext_layout

pytestmark = pytest.mark.django_db


def test_source_needs_a_valid_bin_except_for_a_person(archive_a, alice):
    with pytest.raises(services.AccessionError, match="BIN"):
        services.source_create(actor=alice, archive=archive_a, name="ТОО «Ромашка»", kind="business",
                               bin="123456789012")
    with pytest.raises(services.AccessionError, match="BIN"):
        services.source_create(actor=alice, archive=archive_a, name="ТОО «Ромашка»", kind="business", bin="")
    person = services.source_create(actor=alice, archive=archive_a, name="Иванов Иван", kind="private_person")
    assert person.bin == ""
    bin_value = next_bin()
    services.source_create(actor=alice, archive=archive_a, name="ТОО «Ромашка»", kind="business", bin=bin_value,
                           transfer_interval_years=5, next_transfer_year=2027)
    with pytest.raises(services.AccessionError, match="already registered"):
        services.source_create(actor=alice, archive=archive_a, name="Другое", kind="business", bin=bin_value)
    assert AuditEntry.objects.filter(target="source", action="create", user=alice).count() == 2


def _act(source, alice, **data):
    return services.accession_create(actor=alice, archive=source.archive, source=source, kind="scheduled",
                                     date=dt.date(2025, 3, 12), description="Документы за 2015–2020 годы", **data)


def test_act_numbers_run_per_archive_and_year(source_a, alice):
    first, second = _act(source_a, alice), _act(source_a, alice)
    assert (first.number, second.number) == ("2025-0001", "2025-0002")


def test_workflow_draft_received_processed(source_a, alice, archive_a):
    act = _act(source_a, alice, extent_units=2)
    services.accession_items_add(actor=alice, accession=act, items=[
        {"number": "1", "title": "Приказы по основной деятельности", "date_start": dt.date(2015, 1, 1),
         "date_end": dt.date(2015, 12, 31), "extent_sheets": 120},
        {"number": "2", "title": "Личные дела уволенных", "public_title": "Личные дела", "access_level": "personal",
         "date_end": dt.date(2016, 12, 31)},
    ])
    with pytest.raises(services.AccessionError, match="Not allowed"):
        services.accession_process(actor=alice, accession=act, fonds_number="12", inventory_number="1")
    services.accession_receive(actor=alice, accession=act)
    with pytest.raises(services.AccessionError, match="give a title"):
        services.accession_process(actor=alice, accession=act, fonds_number="12", inventory_number="1")
    units = services.accession_process(actor=alice, accession=act, fonds_number="12", fonds_title="Аппарат акима",
                                       inventory_number="1", inventory_title="Опись дел постоянного хранения")
    act.refresh_from_db()
    assert act.status == "processed" and act.processed_by == alice and act.processed_at
    assert act.unit_count == 2 and act.fonds.number == "12"
    assert set(AccessionUnit.objects.filter(accession=act).values_list("unit_id", flat=True)) == {u.pk for u in units}
    personal = Unit.objects.get(pk=units[1].pk)
    assert personal.effective_access == "personal" and personal.restricted_until == dt.date(2091, 12, 31)
    assert ChangeRecord.objects.filter(unit__in=units, action="accession").count() == 2
    # A processed act is final.
    with pytest.raises(services.AccessionError):
        services.accession_reject(actor=alice, accession=act, reason="late")
    with pytest.raises(services.AccessionError):
        services.accession_items_add(actor=alice, accession=act, items=[{"number": "3", "title": "x"}])
    assert list(AuditEntry.objects.filter(target="accession", target_id=act.pk).order_by("at", "id")
                .values_list("action", flat=True)) == ["create", "items_add", "receive", "process"]


def test_processing_extends_an_existing_fonds_and_fails_whole(source_a, alice, archive_a):
    from tests.factories import make_fonds, make_inventory, make_unit

    inventory = make_inventory(make_fonds(archive_a, number="5", title="Existing"), number="2")
    make_unit(inventory, number="7", title="Already there")
    act = _act(source_a, alice)
    services.accession_items_add(actor=alice, accession=act, items=[{"number": "6", "title": "New"},
                                                                    {"number": "7", "title": "Clash"}])
    services.accession_receive(actor=alice, accession=act)
    with pytest.raises(services.AccessionError, match="7"):
        services.accession_process(actor=alice, accession=act, fonds_number="5", inventory_number="2")
    act.refresh_from_db()
    assert act.status == "received" and Unit.objects.count() == 1
    services.accession_item_remove(actor=alice, item=act.items.get(number="7"))
    services.accession_process(actor=alice, accession=act, fonds_number="5", inventory_number="2")
    inventory.refresh_from_db()
    assert inventory.unit_count == 2 and Fonds.objects.count() == 1


def test_reject_needs_a_reason(source_a, alice):
    act = _act(source_a, alice)
    with pytest.raises(services.AccessionError, match="reason"):
        services.accession_reject(actor=alice, accession=act, reason=" ")
    services.accession_reject(actor=alice, accession=act, reason="Документы не упорядочены")
    act.refresh_from_db()
    assert act.status == "rejected" and act.rejected_by == alice
    with pytest.raises(services.AccessionError, match="Not allowed"):
        services.accession_receive(actor=alice, accession=act)


def test_transitions_live_in_one_table():
    assert workflows.allowed("accession", "draft", "received")
    assert not workflows.allowed("accession", "draft", "processed")
    assert workflows.allowed("obligation", "overdue", "deposited")
    assert not workflows.allowed("obligation", "deposited", "overdue")
    assert workflows.allowed("transfer", "failed", "uploaded")
    assert not workflows.allowed("transfer", "accessioned", "failed")
    assert workflows.allowed("offer", "offered", "declined")


def test_csv_inventory_is_listed(source_a, alice):
    act = _act(source_a, alice)
    content = ("number;title;date_start;date_end;extent_sheets\n"
               "1;Протоколы заседаний;2019-01-01;2019-12-31;87\n2;Переписка;;;\n").encode()
    rows = services.parse_items_csv(content)
    services.accession_items_add(actor=alice, accession=act, items=rows)
    assert list(act.items.values_list("number", "extent_sheets")) == [("1", 87), ("2", None)]
    with pytest.raises(services.AccessionError, match="Line 2"):
        services.parse_items_csv(b"number,title,date_start\n1,x,2019-31-01\n")
    with pytest.raises(services.AccessionError, match="Already listed"):
        services.accession_items_add(actor=alice, accession=act, items=rows[:1])


@pytest.mark.parametrize("language,words", [
    ("kk", ["АКТІСІ", "Тапсырушы", "Барлығы: 1 сақтау бірлігі", "Тапсырдым", "Қабылдадым", "БЕКІТЕМІН",
            "Мұрағат басшысы"]),
    ("ru", ["АКТ", "Сдатчик", "Итого: 1 ед. хр.", "Сдал", "Принял", "УТВЕРЖДАЮ", "Руководитель архива"]),
])
def test_act_pdf_in_kazakh_and_russian(source_a, alice, language, words):
    act = _act(source_a, alice, condition_notes="Удовлетворительное")
    services.accession_items_add(actor=alice, accession=act, items=[{"number": "1", "title": "Әкімдік шешімдері"}])
    services.accession_receive(actor=alice, accession=act)
    content = accession_act_pdf(act, user=alice, language=language)
    assert content.startswith(b"%PDF") and b"DejaVu" in content
    text = extract_text(content)
    for word in words + ["Әкімдік шешімдері", source_a.name, source_a.bin, alice.display_name, "2025-0001"]:
        assert word in text, (word, text[:800])


def test_sources_are_per_archive(source_a, bob, archive_b):
    assert Source.objects.filter(archive=archive_b).count() == 0
    other = make_source(archive_b, name="Other")
    assert other.archive == archive_b


@pytest.mark.tools("pdftotext")
def test_printed_act_reads_like_a_document(archive_a, alice):
    """Flush-left facts (not stretched across the line), the fonds named as well as numbered, the
    localized reference codes, and each side's organization above its signature."""
    source = make_source(archive_a, name="ГУ «Управление цифровизации, информатизации и архивов акимата "
                                          "Алматинской области»", contact_person="Айгерим Сапарова")
    act = _act(source, alice)
    services.accession_items_add(actor=alice, accession=act, items=[{"number": "1", "title": "Приказы"}])
    services.accession_receive(actor=alice, accession=act)
    services.accession_process(actor=alice, accession=act, fonds_number="31", fonds_title="Управление цифровизации",
                               inventory_number="1", inventory_title="Опись 1")
    act.refresh_from_db()
    text = pdftotext_layout(accession_act_pdf(act, user=alice, language="ru"))
    assert "ГУ «Управление цифровизации, информатизации и архивов\n" in text, text
    assert "Фонд 31, опись 1 — «Управление цифровизации»" in text
    assert "Ф. 31, Оп. 1, Д. 1" in text
    lines = text.splitlines()
    signed = next(n for n, line in enumerate(lines) if line.strip().startswith("Сдал"))
    assert "Принял" in lines[signed] and "Архив А" in "\n".join(lines[signed:signed + 4])
    assert "/ Айгерим Сапарова /" in text and f"/ {alice.display_name} /" in text
