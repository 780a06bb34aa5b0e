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
