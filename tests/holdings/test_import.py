"""Import of inventories (holdings/importer.py): the check report, the all-or-nothing load, file
forms (CSV with commas or semicolons, Russian headings, XLSX), the command, and the COPY path."""
import csv
import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from holdings import importer
from holdings.models import ChangeRecord, Fonds, Inventory, StorageLocation, Unit, UnitDescription
from tests.factories import make_fonds, make_inventory, make_unit

pytestmark = pytest.mark.django_db

SAMPLE = Path(settings.BASE_DIR) / "docs" / "samples" / "inventory_import.csv"
HEADER = ["fonds_number", "fonds_title", "inventory_number", "inventory_title", "unit_number", "title",
          "public_title", "date_start", "date_end", "sheets", "duration", "media", "access_level",
          "restricted_until", "personal_data", "location", "annotation"]


def write_csv(path: Path, rows: list[dict], header=HEADER, delimiter: str = ",", bom: bool = False) -> Path:
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(h, "") for h in HEADER])
    return path


def row(number, title="Приказы по основной деятельности", **kw) -> dict:
    base = {"fonds_number": "5", "fonds_title": "Облисполком", "inventory_number": "1",
            "inventory_title": "Опись 1", "unit_number": str(number), "title": title}
    base.update(kw)
    return base


def errors(report) -> list[tuple]:
    return [(e["row"], e["column"], e["code"]) for e in report.errors]


def test_sample_file_checks_and_loads(archive_a, alice):
    report = importer.import_file(actor=alice, archive=archive_a, path=SAMPLE, dry_run=True)
    assert report.ok, report.errors
    assert report.rows == 10 and report.fonds_new == ["701", "702"]
    assert Unit.objects.count() == 0 and Fonds.objects.count() == 0  # a dry run writes nothing
    report = importer.import_file(actor=alice, archive=archive_a, path=SAMPLE)
    assert report.loaded and report.units_created == 10
    fonds = Fonds.objects.get(archive=archive_a, number="701")
    assert fonds.unit_count == 7 and fonds.inventory_count == 2
    assert Inventory.objects.get(fonds=fonds, number="1").unit_count == 5
    personal = Unit.objects.get(inventory__fonds=fonds, inventory__number="1", number="4")
    assert personal.effective_access == "personal" and personal.contains_personal_data
    assert personal.restricted_until == dt.date(2025, 8, 15)  # end date + 75 years
    restricted = Unit.objects.get(inventory__fonds=fonds, inventory__number="1", number="5")
    assert restricted.effective_access == "restricted" and restricted.restricted_until == dt.date(2030, 12, 31)
    film = Unit.objects.get(inventory__fonds=fonds, inventory__number="2", number="2")
    assert film.media == "audiovisual" and film.duration_seconds == 870
    kazakh = Unit.objects.get(inventory__fonds__number="702", number="2")
    assert kazakh.media == "paper" and kazakh.effective_access == "personal"  # «қағаз», personal
    assert StorageLocation.objects.filter(archive=archive_a).count() == 7
    assert str(Unit.objects.get(inventory__fonds=fonds, inventory__number="1", number="1").storage_location) == \
        "Корпус 1 / 12 / 4 / 2"
    assert UnitDescription.objects.filter(unit__archive=archive_a).count() == 2
    # the history of each inventory shows the import (PostgreSQL: one record per inventory)
    assert set(ChangeRecord.objects.filter(action="import", archive=archive_a).values_list("inventory", flat=True)) \
        == set(Inventory.objects.filter(archive=archive_a).values_list("pk", flat=True))
    assert ChangeRecord.objects.filter(action="create", fonds__isnull=False, inventory__isnull=True).count() == 2


def test_check_reports_rows_and_reasons(archive_a, alice, tmp_path):
    path = write_csv(tmp_path / "bad.csv", [
        row(1),
        row(2, date_start="1941-13-01"),
        row(3, title=""),
        row(1, title="Повтор"),
        row(4, access_level="personal"),
        row(5, media="vinyl", sheets="много", duration="1 hour"),
        row(6, date_start="1950", date_end="1940"),
        row(7, personal_data="может быть", fonds_number=""),
        row(8, access_level="secret", location=" / 12"),
    ])
    report = importer.import_file(actor=alice, archive=archive_a, path=path, dry_run=True)
    assert not report.ok
    assert errors(report) == [
        (3, "date_start", "bad_date"),
        (4, "title", "required"),
        (5, "unit_number", "duplicate"),
        (6, "public_title", "public_title"),
        (7, "sheets", "bad_number"), (7, "duration", "bad_duration"), (7, "media", "bad_media"),
        (8, "date_end", "dates_order"),
        (9, "fonds_number", "required"), (9, "personal_data", "bad_bool"),
        (10, "access_level", "bad_level"), (10, "location", "bad_location"),
    ]
    assert report.errors[2]["params"]["first"] == "2"
    with translation.override("ru"):
        assert importer.message(report.errors[0]) == "«1941-13-01» — не дата (пишите 1941-06-22, 22.06.1941 или 1941)."
    with translation.override("kk"):
        assert importer.message(report.errors[0]) == (
            "«1941-13-01» — күн емес (1941-06-22, 22.06.1941 немесе 1941 түрінде жазыңыз).")


def test_one_bad_row_writes_nothing(archive_a, alice, tmp_path):
    rows = [row(n) for n in range(1, 50)] + [row(50, date_end="31.02.1950")]
    report = importer.import_file(actor=alice, archive=archive_a, path=write_csv(tmp_path / "f.csv", rows))
    assert not report.loaded and errors(report) == [(51, "date_end", "bad_date")]
    assert not Unit.objects.exists() and not Fonds.objects.exists() and not Inventory.objects.exists()
    assert not ChangeRecord.objects.exists()


def test_numbers_already_used_are_reported_and_nothing_is_written(archive_a, alice, tmp_path):
    fonds = make_fonds(archive_a, "5", "Облисполком")
    inventory = make_inventory(fonds, "1", "Опись 1")
    make_unit(inventory, "2", "Существующее дело")
    report = importer.import_file(actor=alice, archive=archive_a,
                                  path=write_csv(tmp_path / "f.csv", [row(1), row(2), row(3)]))
    assert errors(report) == [(3, "unit_number", "exists")]
    assert Unit.objects.count() == 1
    inventory.refresh_from_db()
    assert inventory.unit_count == 1


def test_existing_fonds_and_inventory_are_used_and_new_ones_need_titles(archive_a, alice, tmp_path):
    fonds = make_fonds(archive_a, "5", "Облисполком")
    make_inventory(fonds, "1", "Опись 1")
    path = write_csv(tmp_path / "f.csv", [
        row(1, fonds_title="", inventory_title=""),
        row(1, inventory_number="2", inventory_title=""),
        row(1, fonds_number="6", fonds_title=""),
    ])
    report = importer.import_file(actor=alice, archive=archive_a, path=path)
    assert errors(report) == [(4, "fonds_title", "fonds_title"), (3, "inventory_title", "inventory_title")]
    report = importer.import_file(actor=alice, archive=archive_a, path=write_csv(tmp_path / "g.csv", [
        row(1, fonds_title="", inventory_title=""), row(1, inventory_number="2", inventory_title="Опись 2")]))
    assert report.loaded and report.fonds_new == [] and report.inventories_new == ["5/2"]
    fonds.refresh_from_db()
    assert fonds.unit_count == 2 and fonds.inventory_count == 2


def test_units_inheriting_personal_level_need_public_titles(archive_a, alice, tmp_path):
    fonds = make_fonds(archive_a, "5", "Личные дела", access_level="personal")
    make_inventory(fonds, "1", "Опись 1")
    report = importer.import_file(actor=alice, archive=archive_a, path=write_csv(tmp_path / "f.csv", [
        row(1, title="Личное дело Иванова"), row(2, title="Личное дело Петрова", public_title="Личное дело")]))
    assert errors(report) == [(2, "public_title", "public_title")]
    report = importer.import_file(actor=alice, archive=archive_a, path=write_csv(tmp_path / "g.csv", [
        row(2, title="Личное дело Петрова", public_title="Личное дело", date_end="1990")]))
    assert report.loaded
    unit = Unit.objects.get()
    assert unit.effective_access == "personal" and unit.restricted_until == dt.date(2065, 12, 31)


def test_semicolons_bom_russian_headings_and_unknown_columns(archive_a, alice, tmp_path):
    header = ["Фонд", "Название фонда", "Опись", "Название описи", "Дело", "Заголовок", "Носитель", "Доступ",
              "Листов", "Примечание"]
    path = tmp_path / "ru.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerow(["12", "Райисполком", "3", "Опись 3", "7а", "Сводки о ходе сева", "Бумага", "Открытый",
                         "14", "x"])
        writer.writerow(["12", "", "3", "", "8", "'=Формула не исполняется", "фото", "", "2", ""])
    report = importer.import_file(actor=alice, archive=archive_a, path=path)
    assert report.loaded, report.errors
    assert [w["params"]["column"] for w in report.warnings] == ["Примечание"]
    unit = Unit.objects.get(number="7а")
    assert unit.extent_sheets == 14 and unit.access_level == "open" and unit.sort_key == 7000 + ord("а") % 997
    assert Unit.objects.get(number="8").title == "=Формула не исполняется"


def test_missing_required_columns(archive_a, alice, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("fonds_number,title\n1,x\n", encoding="utf-8")
    report = importer.import_file(actor=alice, archive=archive_a, path=path, dry_run=True)
    assert {(e["column"], e["code"]) for e in report.errors} == {("inventory_number", "missing_column"),
                                                                ("unit_number", "missing_column")}


def test_empty_and_unreadable_files(archive_a, alice, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert [e["code"] for e in importer.import_file(actor=alice, archive=archive_a, path=empty).errors] == ["empty_file"]
    header_only = write_csv(tmp_path / "h.csv", [])
    assert [e["code"] for e in importer.import_file(actor=alice, archive=archive_a, path=header_only).errors] == [
        "empty_file"]
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(",".join(HEADER).encode() + b"\n1,\xe9\xe9,1,x,1,x\n")
    assert [e["code"] for e in importer.import_file(actor=alice, archive=archive_a, path=latin1).errors] == [
        "unreadable"]
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    assert [e["code"] for e in importer.import_file(actor=alice, archive=archive_a, path=broken).errors] == [
        "unreadable"]


def test_xlsx_with_date_cells_and_numbers(archive_a, alice, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["9", "Фонд 9", 1, "Опись 1", 1, "Фотоальбом", "", dt.datetime(1961, 4, 12), dt.date(1961, 4, 12),
                  24.0, None, "photo", "open", None, "no", None, "Полёт Гагарина"])
    sheet.append([9, None, 1, None, 2, "Запись выступления", None, "1962", "1962", None, dt.time(0, 5, 30), "sound",
                  None, None, None, None, None])
    path = tmp_path / "inventory.xlsx"
    workbook.save(path)
    report = importer.import_file(actor=alice, archive=archive_a, path=path)
    assert report.loaded, report.errors
    first = Unit.objects.get(number="1")
    assert first.date_start == dt.date(1961, 4, 12) and first.extent_sheets == 24 and first.media == "photo"
    assert first.description.annotation == "Полёт Гагарина"
    second = Unit.objects.get(number="2")
    assert second.duration_seconds == 330 and second.date_end == dt.date(1962, 12, 31)


def test_command_dry_run_load_and_errors(archive_a, alice, capsys):
    call_command("import_holdings", str(SAMPLE), "--archive", "A", "--dry-run")
    assert "dry run" in capsys.readouterr().out and not Unit.objects.exists()
    call_command("import_holdings", str(SAMPLE), "--archive", "A", "--user", "alice")
    assert "Imported 10 units" in capsys.readouterr().out
    assert ChangeRecord.objects.filter(action="import", user=alice).exists()
    with pytest.raises(CommandError, match="10 errors"):
        call_command("import_holdings", str(SAMPLE), "--archive", "A")
    assert "row 2 [unit_number]" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("import_holdings", str(SAMPLE), "--archive", "NOPE")


def test_staff_csv_export_loads_again_elsewhere(archive_a, archive_b, alice, bob, api_client):
    importer.import_file(actor=alice, archive=archive_a, path=SAMPLE)
    fonds = Fonds.objects.get(archive=archive_a, number="701")
    response = api_client(alice).get(f"/api/v1/fonds/{fonds.pk}/units.csv")
    from tests.holdings.export_support import streamed

    path = Path(settings.MEDIA_ROOT) / "export.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(streamed(response))
    report = importer.import_file(actor=bob, archive=archive_b, path=path)
    assert report.loaded, report.errors
    assert report.units_created == 7 and [w["params"]["column"] for w in report.warnings] == []
    assert sorted(Unit.objects.filter(archive=archive_b).values_list("title", flat=True)) == sorted(
        Unit.objects.filter(fonds=fonds).values_list("title", flat=True))
    copied = Unit.objects.get(archive=archive_b, inventory__number="1", number="4")
    assert copied.public_title == "Личное дело работника аппарата исполкома"
    assert copied.access_level == "personal" and copied.restricted_until == dt.date(2025, 8, 15)


@pytest.mark.postgres
def test_postgres_load_goes_through_copy_and_fills_vectors(archive_a, alice, tmp_path):
    from holdings.bulkload import UnitStaging

    statements = []

    def spy(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    rows = [row(n, title=f"Ведомость начисления заработной платы № {n}") for n in range(1, 301)]
    with connection.execute_wrapper(spy):
        report = importer.import_file(actor=alice, archive=archive_a, path=write_csv(tmp_path / "f.csv", rows))
    assert report.loaded and report.units_created == 300
    assert UnitStaging().postgres
    assert any(s.startswith("INSERT INTO holdings_unit ") and "FROM holdings_import_staging" in s for s in statements)
    assert not any('INSERT INTO "holdings_unit"' in s for s in statements)  # no ORM insert of units
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM holdings_unit WHERE search_public @@ to_tsquery('russian', 'ведомость') "
                       "AND search_full @@ to_tsquery('simple', 'заработной')")
        assert cursor.fetchone()[0] == 300


def test_sample_as_xlsx_loads_the_same(archive_a, alice, tmp_path):
    """The sample file saved as a workbook (what an archivist's spreadsheet program makes of it)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    with open(SAMPLE, encoding="utf-8", newline="") as handle:
        for record in csv.reader(handle):
            sheet.append(record)
    path = tmp_path / "inventory_import.xlsx"
    workbook.save(path)
    report = importer.import_file(actor=alice, archive=archive_a, path=path)
    assert report.loaded and report.units_created == 10 and report.fonds_new == ["701", "702"]
    assert Unit.objects.get(inventory__fonds__number="701", inventory__number="2", number="2").duration_seconds == 870
