"""Destruction acts: drawn up at approval, printable in Kazakh and Russian, and executed into
tombstones with the stored files deleted through the storage backend and deletion events written."""
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from appraisal import services
from appraisal.choices import ActStatus, CaseStatus, VoteDecision
from appraisal.models import AppraisalCase, CaseUnit, DestructionAct
from appraisal.pdf import act_pdf
from holdings import services as holdings_services
from holdings.choices import PreservationEventType, UnitStatus
from holdings.models import ChangeRecord, DigitalObject, PreservationEvent, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(case_under_review, erlan, dana, alice):
    """Case over inventory 1 approved: units 1-3 (art. 12) on the act; unit 1 has two stored files."""
    unit1 = Unit.objects.get(inventory=case_under_review.inventory, number="1")
    for name in ("scan-1.tif", "scan-2.tif"):
        holdings_services.digital_object_add(actor=alice, unit=unit1, file=ContentFile(b"page " + name.encode(),
                                                                                         name=name),
                                             original_name=name, make_derivatives=False)
    for member in (erlan, dana):
        services.appraisal_case_vote(actor=member, case=case_under_review, decision=VoteDecision.APPROVE)
    services.appraisal_case_approve(actor=erlan, case=case_under_review, comment="Согласовано")
    return AppraisalCase.objects.get(pk=case_under_review.pk)


def test_act_lists_the_units_to_destroy(approved):
    act = approved.act
    assert act.status == ActStatus.APPROVED and act.number == f"{act.date.year}-1"
    items = list(act.items.order_by("position"))
    assert [i.reference_code for i in items] == ["F. 1, Inv. 1, U. 1", "F. 1, Inv. 1, U. 2", "F. 1, Inv. 1, U. 3"]
    assert items[0].title == "Переписка 1" and items[0].extent_sheets == 11 and items[0].article_number == "12"
    assert act.item_count == 3 and act.total_sheets == 11 + 12 + 13
    assert "263" in act.legal_basis_ru and "12" in act.legal_basis_ru and approved.commission.name in act.legal_basis_ru
    assert act.legal_basis_kk != act.legal_basis_ru


def test_executing_the_act_leaves_tombstones_and_deletes_files(approved, alice,
                                                              django_capture_on_commit_callbacks):
    act = approved.act
    unit_ids = list(act.items.values_list("unit_id", flat=True))
    files = list(DigitalObject.objects.filter(unit_id__in=unit_ids).values_list("file", "sha256"))
    assert len(files) == 2 and all(default_storage.exists(name) for name, _sha in files)

    with django_capture_on_commit_callbacks(execute=True):
        services.destruction_act_execute(actor=alice, act=act)

    # The unit rows stay, with reference code, title and dates, status destroyed.
    units = {u.number: u for u in Unit.objects.with_codes().filter(pk__in=unit_ids)}
    assert len(units) == 3
    assert {u.status for u in units.values()} == {UnitStatus.DESTROYED}
    assert units["1"].title == "Переписка 1" and units["1"].date_start and units["1"].digital_count == 0
    # Files are gone from storage and from the catalogue; the events keep their names and checksums.
    assert not any(default_storage.exists(name) for name, _sha in files)
    assert not DigitalObject.objects.filter(unit_id__in=unit_ids).exists()
    events = PreservationEvent.objects.filter(event_type=PreservationEventType.DELETION, source=f"appraisal-act:{act.pk}")
    assert sorted(e.object_sha256 for e in events if e.object_sha256) == sorted(sha for _n, sha in files)
    assert {e.object_name for e in events if not e.object_sha256} == {u.reference_code for u in units.values()}
    assert all(e.user == alice for e in events)
    assert ChangeRecord.objects.filter(unit_id__in=unit_ids, action="destroy").count() == 3
    # The act and the case are executed; the units are no longer held by an open case.
    act.refresh_from_db()
    assert act.status == ActStatus.EXECUTED and act.executed_by == alice
    assert AppraisalCase.objects.get(pk=approved.pk).status == CaseStatus.EXECUTED
    assert not CaseUnit.objects.filter(case=approved, is_open=True).exists()
    # Kept units are untouched.
    assert Unit.objects.get(inventory=approved.inventory, number="4").status == UnitStatus.EXTANT


def test_only_archivists_of_the_archive_execute(approved, erlan, bob):
    for someone in (erlan, bob):
        with pytest.raises(services.AppraisalPermissionError):
            services.destruction_act_execute(actor=someone, act=approved.act)
    assert DestructionAct.objects.get(pk=approved.act.pk).status == ActStatus.APPROVED


def test_case_without_destruction_has_no_act(case_a, alice, erlan, dana):
    services.appraisal_case_proposals_set(actor=alice, case=case_a,
                                          case_unit_ids=list(CaseUnit.objects.filter(case=case_a)
                                                             .values_list("pk", flat=True)), outcome="permanent")
    services.appraisal_case_submit(actor=alice, case=case_a)
    services.appraisal_case_start_review(actor=erlan, case=case_a)
    for member in (erlan, dana):
        services.appraisal_case_vote(actor=member, case=case_a, decision=VoteDecision.APPROVE)
    services.appraisal_case_approve(actor=erlan, case=case_a)
    assert not DestructionAct.objects.filter(case=case_a).exists()
    assert not CaseUnit.objects.filter(case=case_a, is_open=True).exists()


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "act.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout


@pytest.mark.parametrize(("language", "words"), [
    ("ru", ["АКТ №", "о выделении к уничтожению", "Председатель комиссии", "Секретарь комиссии", "Члены комиссии",
            "Ф. 1, Оп. 1, Д. 1", "Переписка 1", "Итого: 3 ед. хр. за 1990–1992 годы"]),
    ("kk", ["АКТ", "жоюға бөлу туралы", "Комиссия төрағасы", "Комиссия хатшысы", "Комиссия мүшелері", "Қ. 1, Т. 1, І. 2",
            "Барлығы: 1990–1992 жылдардағы 3 сақтау бірлігі"]),
])
@pytest.mark.tools("pdftotext")
def test_act_pdf_in_each_language(approved, alice, language, words, tmp_path):
    content = act_pdf(approved.act, user=alice, language=language)
    assert content.startswith(b"%PDF")
    text = _pdf_text(content, tmp_path)
    for word in words:
        assert word in text, word
    for name in (approved.commission.chair.display_name, approved.commission.secretary.display_name):
        assert name in text
