"""An administrator adds a specialist to a rural archive, runs the month's allowance report, downloads
it as XLSX, and sees the pages in Russian and Kazakh."""
import datetime as dt
import io
from decimal import Decimal

from django.utils import timezone
from openpyxl import load_workbook

from accounts.choices import Role
from staff.models import StaffMember
from tests.factories import ArchiveFactory, RegionFactory, UserFactory
from tests.staff.factories import AllowanceRuleFactory, PositionFactory, valid_iin

PASSWORD = "Steppe-Archive-2024"


def warm_up(page, live_server) -> None:
    """The first request imports every app's views (charts, PDF, XLSX libraries): on a busy machine
    that alone can pass the default timeout, which is meant for the steps of the journey."""
    page.goto(live_server.url + "/accounts/login/", timeout=90_000)


def switch_language(page, code: str) -> None:
    with page.expect_navigation():
        page.select_option("[data-testid=language-select]", code)


def test_administrator_adds_rural_specialist_and_downloads_the_monthly_report(page, live_server, screenshot,
                                                                              login, tmp_path):
    region = RegionFactory(code="KST", name_ru="Костанайская область", name_kk="Қостанай облысы",
                           name_en="Kostanay Region")
    rural = ArchiveFactory(code="KST-AUL-1", region=region, is_rural=True, kind="district",
                           name_ru="Архив Аулиекольского района", name_kk="Әулиекөл ауданының мұрағаты",
                           name_en="Auliekol District Archive")
    ArchiveFactory(code="KST-CITY", region=region, is_rural=False, kind="city", name_ru="Архив города Костанай",
                   name_kk="Қостанай қаласының мұрағаты")
    specialist = PositionFactory(title_ru="Ведущий архивист", title_kk="Жетекші мұрағатшы", is_specialist=True)
    PositionFactory(title_ru="Водитель", title_kk="Жүргізуші", is_specialist=False, category="support")
    AllowanceRuleFactory(valid_from=dt.date(2024, 1, 1))
    UserFactory(username="aliya", password=PASSWORD, first_name="Әлия", last_name="Сәрсенова",
                preferred_language="ru", roles=[Role.ADMINISTRATOR])
    month_start = timezone.localdate().replace(day=1)

    warm_up(page, live_server)
    login(page, live_server, "aliya", PASSWORD)
    page.goto(live_server.url + "/office/staff/")
    assert page.locator("h1").inner_text() == "Сотрудники"
    page.locator("[data-testid=add-member]").click()
    assert page.locator("h1").inner_text() == "Добавить сотрудника"

    iin = valid_iin()
    page.fill("#id_last_name", "Жұмабаева")
    page.fill("#id_first_name", "Гүлмира")
    page.fill("#id_middle_name", "Өтегенқызы")
    page.fill("#id_iin", iin)
    page.select_option("#id_archive", str(rural.pk))
    page.select_option("#id_position", str(specialist.pk))
    page.fill("#id_rate", "1")
    page.fill("#id_employment_start", month_start.isoformat())
    page.fill("#id_base_salary", "240000")
    page.fill("#id_basis", "Приказ № 45-к")
    screenshot(page, "1-add-form-ru")
    page.locator("[data-testid=submit]").click()

    member = StaffMember.objects.get(iin=iin)
    page.wait_for_url(f"**/office/staff/members/{member.pk}/")
    assert page.locator("h1").inner_text() == "Жұмабаева Гүлмира Өтегенқызы"
    assert "Сотрудник Жұмабаева Гүлмира Өтегенқызы добавлен." in page.locator(".messages").inner_text()
    # 240,000 × 25% for the whole month: 60 000,00
    detail = page.locator("#h-allowance ~ .table-wrap").inner_text()
    assert "60\u00a0000,00" in detail
    screenshot(page, "2-member-ru")

    page.get_by_role("link", name="Отчёт по надбавкам").first.click()
    page.select_option("#id_period", "month")
    page.fill("#id_month", f"{month_start:%Y-%m}")
    page.select_option("#id_archive", str(rural.pk))
    page.locator("[data-testid=run-report]").click()
    page.wait_for_url("**/office/staff/reports/?*")
    assert page.locator("[data-testid=report-total]").inner_text() == "60\u00a0000,00"
    assert "Жұмабаева Гүлмира Өтегенқызы" in page.locator("[data-testid=entitled]").inner_text()
    assert page.locator("img.chart").count() == 2
    screenshot(page, "3-report-ru")

    with page.expect_download() as info:
        page.locator("[data-testid=download-xlsx-ru]").click()
    download = info.value
    assert download.suggested_filename == f"allowances-{month_start:%Y-%m}-KST-AUL-1-ru.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    workbook = load_workbook(io.BytesIO(path.read_bytes()))
    lines = workbook[workbook.sheetnames[-1]]
    rows = list(lines.iter_rows(values_only=True))
    assert rows[1][1] == "Жұмабаева Гүлмира Өтегенқызы"
    assert Decimal(str(rows[-1][-1])) == Decimal("60000.00")

    with page.expect_download() as info:
        page.locator("[data-testid=download-pdf-kk]").click()
    pdf = tmp_path / info.value.suggested_filename
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")

    switch_language(page, "kk")
    assert page.locator("h1").inner_text() == "Үстемеақылар бойынша есеп"
    assert page.locator("[data-testid=report-total]").inner_text() == "60\u00a0000,00"
    screenshot(page, "4-report-kk")

    page.goto(live_server.url + "/office/staff/members/?status=all")
    assert page.locator("h1").inner_text() == "Қызметкерлер"
    assert "Жетекші мұрағатшы" in page.locator("table").inner_text()
    screenshot(page, "5-members-kk")

    page.goto(f"{live_server.url}/office/staff/members/{member.pk}/")
    screenshot(page, "6-member-kk")


def test_regional_administrator_reclassifies_an_archive_and_grants_a_role(page, live_server, screenshot, login):
    from holdings import access
    from staff.models import AdministratorScope, ArchiveRuralPeriod

    north = RegionFactory(code="N", name_ru="Северная область", name_kk="Солтүстік облысы")
    south = RegionFactory(code="S", name_ru="Южная область", name_kk="Оңтүстік облысы")
    city = ArchiveFactory(code="N-1", region=north, is_rural=False, name_ru="Архив города Северск",
                          name_kk="Северск қаласының мұрағаты")
    ArchiveFactory(code="S-1", region=south, is_rural=True, name_ru="Южный сельский архив")
    admin = UserFactory(username="bauyrzhan", password=PASSWORD, preferred_language="ru",
                        roles=[Role.ADMINISTRATOR])
    AdministratorScope.objects.create(user=admin, region=north)
    reader = UserFactory(username="dana", first_name="Дана", last_name="Оқырманова")
    warm_up(page, live_server)
    login(page, live_server, "bauyrzhan", PASSWORD)

    page.goto(live_server.url + "/office/staff/archives/")
    text = page.locator("main").inner_text()
    assert "Архив города Северск" in text and "Южный сельский архив" not in text
    assert "Северная область" in page.locator("[data-testid=admin-scope]").inner_text()
    screenshot(page, "1-archives-ru")

    page.get_by_role("link", name="Архив города Северск").click()
    page.locator("input[name=status][value=rural]").check()
    page.fill("#id_valid_from", "2025-03-16")
    page.fill("#id_basis", "Постановление акимата № 7")
    page.get_by_role("button", name="Сохранить").click()
    assert "Статус архива записан." in page.locator(".messages").inner_text()
    assert list(ArchiveRuralPeriod.objects.filter(archive=city).order_by("valid_from")
                .values_list("is_rural", flat=True)) == [False, True]
    screenshot(page, "2-archive-reclassified-ru")

    switch_language(page, "kk")
    page.get_by_role("link", name="Мұрағаттардағы рөлдер").first.click()
    page.fill("#id_account", "dana")
    page.select_option("#id_archive", str(city.pk))
    page.select_option("#id_role", "handle_requests")
    page.get_by_role("button", name="Беру").click()
    assert "Рөл берілді." in page.locator(".messages").inner_text()
    assert access.staff_roles(reader) == {city.pk: {"handle_requests"}}
    assert "Оқырманова" in page.locator("table").inner_text()
    screenshot(page, "3-roles-kk")

    page.goto(live_server.url + "/office/staff/rules/")
    assert "Ережелерді ұлттық әкімшілер белгілейді." in page.locator("main").inner_text()
    screenshot(page, "4-rules-kk")


def test_a_figure_leads_to_its_inputs_and_the_pages_fit_at_200_percent_zoom(page, live_server, screenshot, login):
    """1280 px at 200% zoom is a 640 px wide page; at 400% (or on a small phone) 320 px. Nothing may run
    off the side there, except inside a table's own scroll area."""
    region = RegionFactory(code="AKM", name_ru="Акмолинская область", name_kk="Ақмола облысы")
    rural = ArchiveFactory(code="AKM-ZHAKSY", region=region, is_rural=True, kind="district",
                           name_ru="Архив Жаксынского района Акмолинской области",
                           name_kk="Ақмола облысы Жақсы ауданының мұрағаты")
    specialist = PositionFactory(title_ru="Главный архивист-реставратор", title_kk="Бас мұрағатшы-қалпына келтіруші")
    AllowanceRuleFactory(valid_from=dt.date(2024, 1, 1))
    from staff import services
    from tests.staff.factories import make_member

    member = make_member(archive=rural, position=specialist, base_salary="200000", start=dt.date(2025, 1, 1),
                         last_name="Құрманғазиева-Жақсыбекова", first_name="Әйгерім")
    services.salary_set(actor=None, member=member, valid_from=dt.date(2025, 3, 16), base_salary=Decimal("250000"),
                        basis="Бұйрық № 12-к")
    UserFactory(username="aliya", password=PASSWORD, preferred_language="kk", roles=[Role.ADMINISTRATOR])
    warm_up(page, live_server)
    login(page, live_server, "aliya", PASSWORD)

    page.set_viewport_size({"width": 640, "height": 900})
    page.goto(live_server.url + "/office/staff/reports/?period=month&month=2025-03")
    assert page.locator("[data-testid=report-total]").inner_text() == "56\u00a0451,61"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "1-report-kk-640")

    # From the report to the member's page for the same month: both lines and the salary change behind them.
    page.locator("[data-testid=entitled] a").first.click()
    page.wait_for_url(f"**/office/staff/members/{member.pk}/?month=2025-03")
    allowance = page.locator("#h-allowance ~ .table-wrap").inner_text()
    assert "200\u00a0000,00 × 25% × 1 × 15/31" in allowance and "250\u00a0000,00 × 25% × 1 × 16/31" in allowance
    assert "24\u00a0193,55" in allowance and "32\u00a0258,06" in allowance and "56\u00a0451,61" in allowance
    assert "Бұйрық № 12-к" in page.locator("#h-salaries + .table-wrap").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "2-member-kk-640")

    # Another month, chosen on the page.
    page.fill("#allowance-month", "2025-02")
    page.locator("[data-testid=allowance-month] button").click()
    page.wait_for_url("**?month=2025-02")
    assert "200\u00a0000,00 × 25% × 1 × 28/28" in page.locator("#h-allowance ~ .table-wrap").inner_text()

    page.set_viewport_size({"width": 320, "height": 800})
    for path in (f"/office/staff/members/{member.pk}/?month=2025-03", "/office/staff/reports/?period=month&month=2025-03",
                 "/office/staff/members/", "/office/staff/members/new/"):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    screenshot(page, "3-add-form-kk-320")
