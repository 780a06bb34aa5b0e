"""The retention schedule: CSV parsing with row-numbered errors, versions by order, the sample file,
the import command, and the articles that apply to units and inventories."""
import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from appraisal import services
from appraisal.choices import RetentionKind
from appraisal.models import RetentionSchedule, ScheduleArticle

pytestmark = pytest.mark.django_db
SAMPLE = Path(settings.BASE_DIR) / "docs" / "samples" / "retention_schedule.csv"


@pytest.mark.parametrize(("text", "expected"), [
    ("permanent", (RetentionKind.PERMANENT, None)), ("Постоянно", (RetentionKind.PERMANENT, None)),
    ("тұрақты", (RetentionKind.PERMANENT, None)), ("5", (RetentionKind.YEARS, 5)),
    ("5 лет", (RetentionKind.YEARS, 5)), ("10 ЭПК", (RetentionKind.YEARS_EPK, 10)),
    ("10 лет ЭПК", (RetentionKind.YEARS_EPK, 10)), ("3 (EPK)", (RetentionKind.YEARS_EPK, 3)),
    ("75 жыл СТК", (RetentionKind.YEARS_EPK, 75)),
])
def test_retention_values(text, expected):
    assert services.parse_retention(text) == expected


@pytest.mark.parametrize("text", ["", "forever", "0", "5 10", "-3", "1000"])
def test_retention_values_refused(text):
    with pytest.raises(ValueError):
        services.parse_retention(text)


def test_sample_file_is_valid():
    report = services.parse_schedule_csv(SAMPLE.read_bytes())
    assert report.ok and len(report.articles) == 15
    assert {a.retention_kind for a in report.articles} == set(RetentionKind.values)


def test_errors_carry_row_numbers_and_nothing_is_written():
    csv = ("article,document_type_ru,document_type_kk,retention\n"
           "1,Приказы,Бұйрықтар,permanent\n"
           ",Без номера,,5\n"
           "\n"
           "7,Планы,Жоспарлар,когда-нибудь\n"
           "1,Повтор,Қайталау,5\n"
           "8,Лишняя,ячейка,5,примечание,ещё\n")
    report = services.retention_schedule_import(actor=None, data=csv, title_ru="Перечень", title_kk="Тізбе",
                                                order_number="1", order_date=dt.date(2020, 1, 1))
    assert [(e.row, e.message.split(":")[0].split(" «")[0]) for e in report.errors] == [
        (3, "The article number is empty."), (5, "Retention"), (6, "Article 1 already appears in row 2."),
        (7, "The row has more cells than the header.")]
    assert report.schedule is None and not RetentionSchedule.objects.exists()


def test_bad_header_and_encoding():
    assert services.parse_schedule_csv("number;type\n1;x\n").errors[0].row == 1
    with pytest.raises(services.AppraisalError, match="not UTF-8"):
        services.parse_schedule_csv("article;document_type_ru;retention\n1;Приказы;5\n".encode("cp1251"))


def test_versions_and_the_current_one():
    first = services.retention_schedule_import(actor=None, data=SAMPLE.read_bytes(), title_ru="Перечень 2017",
                                               title_kk="Тізбе 2017", order_number="263",
                                               order_date=dt.date(2017, 9, 29)).schedule
    again = services.retention_schedule_import(actor=None, data=SAMPLE.read_bytes(), title_ru="Перечень 2017",
                                               title_kk="Тізбе 2017", order_number="263",
                                               order_date=dt.date(2017, 9, 29))
    assert again.schedule is None and "already loaded" in again.errors[0].message
    second = services.retention_schedule_import(actor=None, data="article;document_type_ru;retention\n1;Указы;"
                                                "permanent\n", title_ru="Перечень 2024", title_kk="",
                                                order_number="12", order_date=dt.date(2024, 2, 1)).schedule
    first.refresh_from_db()
    assert second.is_current and not first.is_current and second.title_kk == "Перечень 2024"
    assert services.article_by_number("1").schedule == second
    services.retention_schedule_make_current(actor=None, schedule=first)
    assert services.current_schedule() == first
    assert ScheduleArticle.objects.get(schedule=first, number="158").retention_label == "5 years"


def test_import_command(capsys):
    call_command("import_retention_schedule", str(SAMPLE), "--order-number", "263", "--order-date", "2017-09-29",
                 "--title-ru", "Типовой перечень", "--dry-run")
    assert "15 articles (dry run" in capsys.readouterr().out and not RetentionSchedule.objects.exists()
    call_command("import_retention_schedule", str(SAMPLE), "--order-number", "263", "--order-date", "2017-09-29",
                 "--title-ru", "Типовой перечень", "--title-kk", "Үлгілік тізбе")
    assert RetentionSchedule.objects.get().article_count == 15
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("import_retention_schedule", str(SAMPLE), "--order-number", "263", "--order-date",
                     "2017-09-29", "--title-ru", "Типовой перечень")


def test_units_by_numbers(inventory_a):
    ids = services.units_by_numbers(inventory=inventory_a, numbers="1, 3-4;5")
    assert len(ids) == 4
    with pytest.raises(services.AppraisalError, match="9"):
        services.units_by_numbers(inventory=inventory_a, numbers="1, 9")
    with pytest.raises(services.AppraisalError, match="not valid"):
        services.units_by_numbers(inventory=inventory_a, numbers="5-1")
