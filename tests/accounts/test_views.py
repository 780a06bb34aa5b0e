"""Pages of the accounts app: register, confirm, log in (by username or e-mail), throttling, profile."""
import re

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.validators import control_digit
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

STRONG_PASSWORD = "Steppe-Archive-2024"


@pytest.fixture
def citizen():
    return UserFactory(username="dana", email="Dana@Example.kz", preferred_language="ru")


def login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_by_username(client, citizen):
    response = login(client, "dana", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert client.session["_auth_user_id"] == str(citizen.pk)


def test_login_by_e_mail_ignores_case(client, citizen):
    response = login(client, "dana@example.KZ", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(citizen.pk)


def test_login_with_a_wrong_password_is_refused(client, citizen):
    response = login(client, "dana", "wrong-password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors["__all__"][0].startswith("Имя пользователя или e-mail")


def test_login_of_an_unconfirmed_account_is_refused(client):
    UserFactory(username="newbie", is_active=False, email_confirmed=False)
    response = login(client, "newbie", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_login_is_locked_after_repeated_failures(client, citizen, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        assert login(client, "dana", "wrong-password").status_code == 200
    # Even the right password is refused now, with the lockout message.
    response = login(client, "dana", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert [e.code for e in response.context["form"].errors.as_data()["__all__"]] == ["locked"]
    # The lock counts the login, whichever way it is spelled.
    response = login(client, "DANA", PASSWORD)
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_login(client, citizen, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    UserFactory(username="erik")
    for _ in range(2):
        login(client, "dana", "wrong-password")
    assert login(client, "erik", PASSWORD).status_code == 302


def test_a_success_resets_the_failure_count(client, citizen, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    login(client, "dana", "wrong-password")
    login(client, "dana", "wrong-password")
    assert login(client, "dana", PASSWORD).status_code == 302
    client.logout()
    login(client, "dana", "wrong-password")
    login(client, "dana", "wrong-password")
    assert login(client, "dana", PASSWORD).status_code == 302


def test_logout_needs_post(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_register_confirm_and_log_in(client, mailoutbox, django_capture_on_commit_callbacks):
    first_eleven = "85071550001"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:register"), {
            "username": "marat", "email": "marat@example.kz", "first_name": "Марат", "last_name": "Оспанов",
            "iin": first_eleven + str(control_digit(first_eleven)), "preferred_language": "ru",
            "password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD,
        })
    assert response.status_code == 200
    assert "marat@example.kz" in response.content.decode()
    user = User.objects.get(username="marat")
    assert not user.is_active

    link = re.search(r"http://testserver(/accounts/confirm/\S+/)", mailoutbox[0].body).group(1)
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    user.refresh_from_db()
    assert user.is_active and user.email_confirmed

    response = login(client, "marat@example.kz", STRONG_PASSWORD)
    assert response.status_code == 302
    profile = client.get(reverse("accounts:profile"))
    assert 'data-testid="profile-username">marat<' in profile.content.decode()


@pytest.mark.parametrize(("field", "value", "error"), [
    ("username", "dana", "Это имя пользователя уже занято."),
    ("email", "DANA@example.kz", "Учётная запись с таким e-mail уже существует."),
    ("iin", "900101300127", "Введите правильный 12-значный ИИН (контрольная цифра не совпадает)."),
    ("password2", "something-else-entirely", "Пароли не совпадают."),
    ("password1", "12345678901", None),
])
def test_register_refuses_bad_input(client, citizen, field, value, error):
    data = {"username": "newcomer", "email": "newcomer@example.kz", "preferred_language": "ru",
            "password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD, field: value}
    if field == "password1":
        data["password2"] = value
    response = client.post(reverse("accounts:register"), data, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if error:
        assert errors[field] == [error]
    assert not User.objects.filter(username="newcomer").exists()


def test_register_is_not_shown_to_a_logged_in_user(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("accounts:register"))["Location"] == reverse("accounts:profile")


def test_a_bad_confirmation_link_answers_400(client):
    response = client.get(reverse("accounts:confirm", args=["garbage"]))
    assert response.status_code == 400
    assert "accounts/confirm_invalid.html" in [t.name for t in response.templates]


def test_profile_needs_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_profile_update_sets_the_language(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("accounts:profile"), {
        "first_name": "Дана", "last_name": "Ахметова", "preferred_language": "kk", "iin": "",
    })
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert (citizen.first_name, citizen.preferred_language) == ("Дана", "kk")
    assert response.cookies["archive_language"].value == "kk"
    page = client.get(reverse("accounts:profile"))
    assert "Профиль сақталды." in page.content.decode()


def test_profile_update_refuses_an_invalid_iin(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("accounts:profile"), {
        "first_name": "Дана", "last_name": "", "preferred_language": "ru", "iin": "123",
    })
    assert response.status_code == 200
    assert "iin" in response.context["form"].errors


def test_password_reset_sends_a_working_link(client, citizen, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "dana@example.kz"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": STRONG_PASSWORD, "new_password2": STRONG_PASSWORD})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.check_password(STRONG_PASSWORD)


def test_forms_carry_a_csrf_token(client):
    for name in ("accounts:login", "accounts:register", "accounts:password_reset"):
        assert 'name="csrfmiddlewaretoken"' in client.get(reverse(name)).content.decode()


def test_csrf_is_enforced_on_login(citizen):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:login"), {"username": "dana", "password": PASSWORD})
    assert response.status_code == 403


def test_the_lock_message_is_in_the_users_language(client, citizen, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(reverse("accounts:login"), {"username": "dana", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="kk")
    response = client.post(reverse("accounts:login"), {"username": "dana", "password": PASSWORD},
                           HTTP_ACCEPT_LANGUAGE="kk")
    assert "Сәтсіз әрекеттер тым көп. Бірнеше минуттан кейін қайталап көріңіз." in response.content.decode()
    response = client.post(reverse("accounts:login"), {"username": "dana", "password": PASSWORD},
                           HTTP_ACCEPT_LANGUAGE="ru")
    assert "Слишком много неудачных попыток" in response.content.decode()


def test_username_and_e_mail_are_one_login_for_the_lock(client, citizen, settings):
    """Alternating between the username and the e-mail does not buy more attempts."""
    settings.LOGIN_FAILURE_LIMIT = 4
    for login_name in ("dana", "dana@example.kz", "DANA", "Dana@Example.KZ"):
        login(client, login_name, "wrong-password")
    response = login(client, "dana@example.kz", PASSWORD)
    assert [e.code for e in response.context["form"].errors.as_data()["__all__"]] == ["locked"]
    assert "_auth_user_id" not in client.session


def test_the_admin_login_is_locked_too(client, settings):
    """The admin site's own login page is not a way around the lock."""
    settings.LOGIN_FAILURE_LIMIT = 3
    UserFactory(username="root", is_staff=True, is_superuser=True)
    for _ in range(3):
        assert client.post("/admin/login/", {"username": "root", "password": "wrong"}).status_code == 200
    response = client.post("/admin/login/", {"username": "root", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Слишком много неудачных попыток" in response.content.decode()
    # Another account is not locked by root's failures.
    UserFactory(username="root2", is_staff=True, is_superuser=True)
    assert client.post("/admin/login/", {"username": "root2", "password": PASSWORD}).status_code == 302


def test_a_username_with_an_at_sign_can_log_in(client):
    UserFactory(username="aruzhan@home", email="aruzhan@example.kz")
    assert login(client, "aruzhan@home", PASSWORD).status_code == 302


def test_password_reset_lifts_the_lock_and_ends_the_api_token(client, citizen, mailoutbox, settings):
    from rest_framework.authtoken.models import Token

    settings.LOGIN_FAILURE_LIMIT = 2
    token = Token.objects.create(user=citizen)
    for _ in range(2):
        login(client, "dana", "forgotten-password")
    assert [e.code for e in login(client, "dana", PASSWORD).context["form"].errors.as_data()["__all__"]] == ["locked"]

    client.post(reverse("accounts:password_reset"), {"email": "dana@example.kz"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    assert client.post(form_url, {"new_password1": STRONG_PASSWORD,
                                  "new_password2": STRONG_PASSWORD}).status_code == 302

    assert not Token.objects.filter(key=token.key).exists()
    assert login(client, "dana", STRONG_PASSWORD).status_code == 302


def test_a_lost_confirmation_e_mail_can_be_sent_again(client, mailoutbox, django_capture_on_commit_callbacks):
    UserFactory(username="late", email="late@example.kz", is_active=False, email_confirmed=False,
                preferred_language="kk")
    assert 'href="/accounts/confirm/resend/"' in client.get(reverse("accounts:login")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:confirm_resend"), {"email": "LATE@example.kz"},
                               HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    assert "Если учётная запись с этим e-mail ожидает подтверждения" in response.content.decode()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Ұлттық мұрағат үшін e-mail мекенжайыңызды растаңыз"  # the user's language
    link = re.search(r"http://testserver(/accounts/confirm/\S+/)", mailoutbox[0].body).group(1)
    assert client.get(link).status_code == 302
    assert User.objects.get(username="late").is_active
    assert login(client, "late", PASSWORD).status_code == 302


def test_resending_says_the_same_for_anyone_and_does_not_flood(client, citizen, mailoutbox,
                                                              django_capture_on_commit_callbacks):
    UserFactory(username="late", email="late@example.kz", is_active=False, email_confirmed=False)
    UserFactory(username="blocked", email="blocked@example.kz", is_active=False, email_confirmed=True)
    pages = []
    with django_capture_on_commit_callbacks(execute=True):
        for email in ("late@example.kz", "late@example.kz", "dana@example.kz", "blocked@example.kz",
                      "nobody@example.kz"):
            response = client.post(reverse("accounts:confirm_resend"), {"email": email})
            assert response.status_code == 200
            main = re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)
            pages.append(main.replace(email, ""))
    assert len(set(pages)) == 1
    # One e-mail: the second request came too soon, the others have nothing to confirm.
    assert [m.to for m in mailoutbox] == [["late@example.kz"]]


def test_the_invalid_link_page_offers_a_new_link(client):
    page = client.get(reverse("accounts:confirm", args=["garbage"]), HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert 'href="/accounts/confirm/resend/"' in page
    assert "Маған жаңа сілтеме жіберу" in page


def test_djangos_own_form_messages_are_in_kazakh_too(client, citizen, mailoutbox):
    """Django ships no Kazakh for its password rules and some field messages: without the project's
    entries a Kazakh page would show them in Russian."""
    response = client.post(reverse("accounts:register"), {
        "username": "newcomer", "email": "newcomer@example.kz", "preferred_language": "kk",
        "password1": "12345678", "password2": "12345678"}, HTTP_ACCEPT_LANGUAGE="kk")
    errors = response.context["form"].errors["password1"]
    assert "Бұл құпия сөз тым қысқа. Онда кемінде 9 таңба болуы керек." in errors
    assert "Бұл құпия сөз тек цифрлардан тұрады." in errors
    assert "Бұл құпия сөз тым жиі қолданылады." in errors

    page = client.get(reverse("accounts:password_reset"), HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "Электрондық пошта" in page and "Адрес электронной почты" not in page

    client.post(reverse("accounts:password_reset"), {"email": "dana@example.kz"}, HTTP_ACCEPT_LANGUAGE="kk")
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    form_url = client.get(link, follow=True, HTTP_ACCEPT_LANGUAGE="kk").redirect_chain[-1][0]
    page = client.get(form_url, HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "Құпия сөз жиі қолданылатын құпия сөз болмауы керек." in page  # the rules, as help text
    response = client.post(form_url, {"new_password1": STRONG_PASSWORD, "new_password2": "something-else-2024"},
                           HTTP_ACCEPT_LANGUAGE="kk")
    assert response.context["form"].errors["new_password2"] == ["Енгізілген құпия сөздер бірдей емес."]
    # Russian stays Russian.
    response = client.post(reverse("accounts:register"), {
        "username": "newcomer", "email": "newcomer@example.kz", "preferred_language": "ru",
        "password1": "12345678", "password2": "12345678"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert "Введённый пароль состоит только из цифр." in response.context["form"].errors["password1"]


def test_help_and_errors_are_tied_to_their_fields_for_screen_readers(client):
    response = client.post(reverse("accounts:register"), {"username": "x", "email": "not-an-email",
                                                          "password1": "123", "password2": "123"})
    page = response.content.decode()
    described = re.search(r'<input[^>]*id="id_password1"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in described
    ids = re.search(r'aria-describedby="([^"]+)"', described).group(1).split()
    assert ids == ["id_password1_helptext", "id_password1_error"]
    for element_id in ids + ["id_email_error"]:
        assert f'id="{element_id}"' in page


def test_password_reset_mails_at_most_once_every_few_minutes(client, citizen, mailoutbox):
    for _ in range(3):
        response = client.post(reverse("accounts:password_reset"), {"email": "dana@example.kz"})
        assert response.status_code == 302  # the same answer every time
    assert len(mailoutbox) == 1
    UserFactory(username="other", email="other@example.kz")
    client.post(reverse("accounts:password_reset"), {"email": "other@example.kz"})
    assert len(mailoutbox) == 2  # the limit is per account
