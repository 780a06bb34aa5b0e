"""First journeys: a visitor switches languages; a citizen registers, confirms, logs in."""
import re

from django.core import mail

from accounts.models import User

PASSWORD = "Steppe-Archive-2024"


def switch_language(page, code: str) -> None:
    with page.expect_navigation():
        page.select_option("[data-testid=language-select]", code)


def test_visitor_switches_to_kazakh_and_russian(page, live_server, screenshot):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".brand").inner_text() == "National Archive"
    screenshot(page, "1-home-en")

    switch_language(page, "kk")
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.locator(".brand").inner_text() == "Ұлттық мұрағат"
    assert page.get_by_role("link", name="Кіру").is_visible()
    assert page.get_by_role("link", name="Тіркелу").is_visible()
    screenshot(page, "2-home-kk")

    # The choice holds on the next page.
    page.get_by_role("link", name="Кіру").click()
    assert page.locator("h1").inner_text() == "Кіру"
    assert page.get_by_label("Құпия сөз").is_visible()
    screenshot(page, "3-login-kk")

    switch_language(page, "ru")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").inner_text() == "Войти"
    assert page.url.endswith("/accounts/login/"), "the switcher stays on the same page"
    assert page.locator(".brand").inner_text() == "Национальный архив"
    screenshot(page, "4-login-ru")

    # On a phone, or at 200% zoom, nothing runs off the side of the page.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator("[data-testid=language-select]").is_visible()
    screenshot(page, "5-login-ru-phone")


def test_language_switcher_works_without_javascript(browser, live_server):
    context = browser.new_context(locale="en-US", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/accounts/login/")
        page.select_option("[data-testid=language-select]", "kk")
        page.click(".lang-switcher button[type=submit]")
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Кіру"
    finally:
        context.close()


def test_citizen_registers_confirms_logs_in_and_sees_the_profile(page, live_server, screenshot):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Register").click()
    assert page.locator("h1").inner_text() == "Register"
    screenshot(page, "1-register-form")

    page.fill("#id_username", "zhanar")
    page.fill("#id_email", "zhanar@example.kz")
    page.fill("#id_first_name", "Жанар")
    page.fill("#id_last_name", "Қасымова")
    page.select_option("#id_preferred_language", "en")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    screenshot(page, "2-register-filled")
    page.get_by_role("button", name="Create account").click()

    assert page.locator("h1").inner_text() == "Check your e-mail"
    assert "zhanar@example.kz" in page.locator("main").inner_text()
    screenshot(page, "3-check-your-e-mail")
    assert not User.objects.get(username="zhanar").is_active

    # The live server runs in this process: the e-mail is in Django's test outbox.
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm/\S+/", mail.outbox[0].body).group(0)
    assert link.startswith(live_server.url)
    page.goto(link)
    assert page.url.endswith("/accounts/login/")
    assert "Your e-mail is confirmed" in page.locator(".messages").inner_text()
    screenshot(page, "4-confirmed")

    page.fill("#id_username", "zhanar@example.kz")
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/profile/$"))
    assert page.locator("[data-testid=profile-username]").inner_text() == "zhanar"
    assert page.locator("[data-testid=profile-link]").inner_text() == "Жанар Қасымова"
    assert "Researcher" in page.locator("main").inner_text()
    screenshot(page, "5-profile")


def test_wrong_password_shows_an_error_and_the_login_helper_works(page, live_server, screenshot, login):
    from tests.factories import UserFactory

    UserFactory(username="timur", password=PASSWORD, first_name="Тимур", last_name="Ермеков",
                preferred_language="en")
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "timur")
    page.fill("#id_password", "not-the-password")
    page.click("main form button[type=submit]")
    assert page.locator(".alert-error").is_visible()
    screenshot(page, "1-login-error")

    login(page, live_server, "timur", PASSWORD)
    assert page.locator("[data-testid=profile-username]").inner_text() == "timur"
    page.get_by_role("button", name="Log out").click()
    assert page.get_by_role("link", name="Log in").is_visible()
