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
