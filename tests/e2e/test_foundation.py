"""First journeys: a visitor switches languages; a citizen registers, confirms, logs in, resets the password;
the keyboard and zoom work."""
import re

import pytest
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


JOURNEY = {
    "kk": {"register": "Тіркелу", "create": "Тіркелгі жасау", "check": "Поштаңызды тексеріңіз",
           "subject": "Ұлттық мұрағат үшін e-mail мекенжайыңызды растаңыз",
           "confirmed": "E-mail мекенжайыңыз расталды. Енді кіре аласыз.", "login": "Кіру", "role": "Зерттеуші",
           "logout": "Шығу", "forgot": "Құпия сөзді ұмыттыңыз ба?", "send": "Сілтемені жіберу",
           "reset_subject": "Ұлттық мұрағатта құпия сөзді қалпына келтіру", "new": "Жаңа құпия сөз орнату",
           "save": "Сақтау", "changed": "Құпия сөз өзгертілді", "weak": "Бұл құпия сөз тек цифрлардан тұрады.",
           "locked": "Сәтсіз әрекеттер тым көп. Бірнеше минуттан кейін қайталап көріңіз."},
    "ru": {"register": "Регистрация", "create": "Создать учётную запись", "check": "Проверьте почту",
           "subject": "Подтвердите e-mail для Национального архива",
           "confirmed": "Ваш e-mail подтверждён. Теперь вы можете войти.", "login": "Войти", "role": "Исследователь",
           "logout": "Выйти", "forgot": "Забыли пароль?", "send": "Отправить ссылку",
           "reset_subject": "Сброс пароля в Национальном архиве", "new": "Задайте новый пароль",
           "save": "Сохранить", "changed": "Пароль изменён", "weak": "Введённый пароль состоит только из цифр.",
           "locked": "Слишком много неудачных попыток. Повторите через несколько минут."},
}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_citizen_journey_with_password_reset_in_kazakh_and_russian(page, live_server, screenshot, lang, settings):
    """Register, confirm, log in, see the profile, forget the password, get locked out, reset it, log in:
    every page and both e-mails in the citizen's language."""
    settings.LOGIN_FAILURE_LIMIT = 3
    t = JOURNEY[lang]
    page.goto(live_server.url + "/")
    switch_language(page, lang)
    page.locator("header").get_by_role("link", name=t["register"]).click()
    page.fill("#id_username", f"citizen_{lang}")
    page.fill("#id_email", f"citizen.{lang}@example.kz")
    page.fill("#id_first_name", "Ақерке")
    page.fill("#id_last_name", "Сұлтанова")
    page.select_option("#id_preferred_language", lang)
    page.fill("#id_password1", "1234567890")
    page.fill("#id_password2", "1234567890")
    page.get_by_role("button", name=t["create"]).click()
    assert t["weak"] in page.locator("main").inner_text()  # Django's own rule, in this language
    screenshot(page, "1-register-weak-password")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name=t["create"]).click()
    assert page.locator("h1").inner_text() == t["check"]

    assert mail.outbox[-1].subject == t["subject"]
    page.goto(re.search(r"https?://\S+/accounts/confirm/\S+/", mail.outbox[-1].body).group(0))
    assert t["confirmed"] in page.locator(".messages").inner_text()
    page.fill("#id_username", f"citizen_{lang}")
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/profile/$"))
    assert t["role"] in page.locator("main").inner_text()
    assert page.locator("html").get_attribute("lang") == lang
    screenshot(page, "2-profile")
    page.get_by_role("button", name=t["logout"]).click()

    # Forgotten password: three wrong tries lock the login, and the page says so.
    page.goto(live_server.url + "/accounts/login/")
    for _ in range(4):
        page.fill("#id_username", f"citizen.{lang}@example.kz")
        page.fill("#id_password", "not-my-password")
        page.click("main form button[type=submit]")
    assert t["locked"] in page.locator(".alert-error").inner_text()
    screenshot(page, "3-locked")

    page.get_by_role("link", name=t["forgot"]).click()
    page.fill("#id_email", f"citizen.{lang}@example.kz")
    page.get_by_role("button", name=t["send"]).click()
    assert page.locator("h1").inner_text() == t["check"]
    reset = mail.outbox[-1]
    assert reset.subject == t["reset_subject"]
    page.goto(re.search(r"https?://\S+/accounts/reset/\S+/", reset.body).group(0))
    assert page.locator("h1").inner_text() == t["new"]
    screenshot(page, "4-new-password")
    page.fill("#id_new_password1", "Another-Steppe-2025")
    page.fill("#id_new_password2", "Another-Steppe-2025")
    page.get_by_role("button", name=t["save"]).click()
    assert page.locator("h1").inner_text() == t["changed"]

    # The lock is lifted by the reset: the new password works at once.
    page.locator("main").get_by_role("link", name=t["login"]).click()
    page.fill("#id_username", f"citizen_{lang}")
    page.fill("#id_password", "Another-Steppe-2025")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/profile/$"))
    screenshot(page, "5-profile-after-reset")


def test_language_switcher_with_the_keyboard(page, live_server):
    """Arrow keys move through the languages without leaving the page; Enter switches."""
    page.goto(live_server.url + "/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.focus("[data-testid=language-select]")
    page.keyboard.press("ArrowUp")  # English -> Русский: not applied yet
    page.keyboard.press("ArrowUp")  # -> Қазақша
    page.wait_for_timeout(300)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".lang-switcher button[type=submit]").is_visible()  # a visible way to apply it
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.locator("h1").inner_text() == "Кіру"


def test_skip_link_and_the_portal_at_200_and_400_percent_zoom(page, live_server, screenshot):
    page.goto(live_server.url + "/accounts/register/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    for width in (640, 320):
        page.set_viewport_size({"width": width, "height": 800})
        for path in ("/", "/accounts/login/", "/accounts/register/", "/accounts/password-reset/",
                     "/accounts/confirm/resend/"):
            page.goto(live_server.url + path)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (width, path)
        screenshot(page, f"resend-{width}")
