"""The accounts API: token exchange, /me/, and JSON errors for the whole API."""
import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture
def agency():
    return UserFactory(username="agency-system", email="is@agency.kz")


def test_token_for_good_credentials(agency):
    response = APIClient().post(TOKEN_URL, {"username": "agency-system", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=agency).key}
    # Asking again gives the same token.
    again = APIClient().post(TOKEN_URL, {"username": "is@agency.kz", "password": PASSWORD}, format="json")
    assert again.json() == response.json()


@pytest.mark.parametrize("payload", [
    {"username": "agency-system", "password": "wrong"},
    {"username": "nobody", "password": PASSWORD},
    {"username": "agency-system"},
    {},
])
def test_token_refuses_bad_credentials_with_400(agency, payload):
    response = APIClient().post(TOKEN_URL, payload, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert not Token.objects.exists()


def test_token_is_throttled_after_repeated_failures(agency, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    client = APIClient()
    for _ in range(3):
        assert client.post(TOKEN_URL, {"username": "agency-system", "password": "wrong"}).status_code == 400
    response = client.post(TOKEN_URL, {"username": "agency-system", "password": PASSWORD})
    assert response.status_code == 429
    assert "detail" in response.json()
    assert not Token.objects.exists()


def test_token_authenticates_api_requests(agency):
    key = APIClient().post(TOKEN_URL, {"username": "agency-system", "password": PASSWORD}).json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["username"] == "agency-system"


def test_a_wrong_token_answers_401_json():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_me_needs_authentication_and_answers_json():
    response = APIClient().get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Token'
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_me_describes_the_user():
    user = UserFactory(username="rustem", roles=["researcher"])
    client = APIClient()
    client.force_authenticate(user)
    data = client.get("/api/v1/me/").json()
    assert data["username"] == "rustem"
    assert data["roles"] == ["researcher"]
    assert "password" not in data


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/does-not-exist/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()
    assert b"<html" not in response.content.lower()


def test_unknown_api_path_is_json_404_with_debug_on_too(client, settings):
    settings.DEBUG = True
    response = client.get("/api/v1/does-not-exist/", HTTP_ACCEPT_LANGUAGE="kk")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Табылмады."}
    assert client.get("/api/docs/")["Content-Type"].startswith("text/html")


def test_unknown_page_is_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_api_errors_are_in_the_users_language():
    response = APIClient().get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.json()["detail"] == "Учетные данные не были предоставлены."


def test_api_root_lists_the_schema_and_docs(client):
    data = client.get("/api/v1/").json()
    assert data["schema"].endswith("/api/schema/")
    assert data["docs"].endswith("/api/docs/")
    assert data["auth-token"].endswith(TOKEN_URL)


def test_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/auth/token/" in schema.json()["paths"]
    assert client.get("/api/docs/").status_code == 200
