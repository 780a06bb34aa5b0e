"""Error pages: JSON under /api/, HTML elsewhere, never a debug page in production mode."""
import pytest
from django.test import RequestFactory

from archive_site import views


@pytest.fixture
def rf_get():
    factory = RequestFactory()
    return lambda path: factory.get(path, HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize(("handler", "status"), [
    (views.page_not_found, 404), (views.permission_denied, 403), (views.server_error, 500),
])
def test_api_errors_are_json(rf_get, handler, status):
    request = rf_get("/api/v1/units/1/")
    response = handler(request) if handler is views.server_error else handler(request, Exception())
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert b'"detail"' in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(("handler", "status", "text"), [
    (views.page_not_found, 404, "Page not found"),
    (views.permission_denied, 403, "Access denied"),
    (views.server_error, 500, "Server error"),
])
def test_page_errors_are_html(rf_get, handler, status, text):
    from django.contrib.auth.models import AnonymousUser
    from django.utils import translation

    request = rf_get("/some/page/")
    request.user = AnonymousUser()
    with translation.override("en"):
        response = handler(request) if handler is views.server_error else handler(request, Exception())
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert text in response.content.decode()


@pytest.mark.django_db
def test_forbidden_api_call_answers_json_403():
    from django.test import Client

    from tests.factories import UserFactory

    # A session-authenticated write without the CSRF token is refused with 403, as JSON.
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(UserFactory(username="someone"))
    response = browser.put("/api/v1/me/", {}, content_type="application/json")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert "CSRF" in response.json()["detail"]


@pytest.mark.django_db
def test_office_front_door_leads_each_user_to_their_first_page(web_client, alice, carol):
    assert web_client(None).get("/office/")["Location"].startswith("/accounts/login/?next=/office/")
    response = web_client(alice).get("/office/")
    assert response.status_code == 302 and response["Location"].startswith("/office/")
    assert web_client(alice).get(response["Location"]).status_code == 200
    assert web_client(carol).get("/office/").status_code == 404  # a citizen has no back office


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "text"), [("kk", "Форманың мерзімі өтіп кетті"),
                                                ("ru", "Срок действия формы истёк")])
def test_a_form_sent_without_a_valid_csrf_token_gets_our_page(language, text):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"username": "x", "password": "y"}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 403
    page = response.content.decode()
    assert text in page and 'data-testid="language-select"' in page
    assert "CSRF" not in page
