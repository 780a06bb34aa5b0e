"""Settings come from the environment; production (DEBUG off) is strict. Each case runs in a child
process, because settings are read once at import."""
import json
import subprocess

import pytest

from archive_site import env

from .conftest import BASE_DIR

PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({name: str(getattr(settings, name, None)) for name in %r}))
"""


def run_python(python, code, env, timeout=60):
    return subprocess.run([python, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True,
                          timeout=timeout)


def probe(python, env, *names):
    result = run_python(python, PROBE % (names,), env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_refuses_the_default_secret_key(python, child_env):
    child_env["DEBUG"] = "0"
    result = run_python(python, "import django; django.setup()", child_env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


def test_embedded_defaults(python, child_env):
    del child_env["DATABASE_URL"]
    del child_env["MEDIA_ROOT"]
    values = probe(python, child_env, "DEBUG", "DATABASES", "CELERY_TASK_ALWAYS_EAGER", "CELERY_BROKER_URL",
                   "STORAGES", "CACHES")
    assert values["DEBUG"] == "True"
    assert "sqlite3" in values["DATABASES"] and str(BASE_DIR / "db.sqlite3") in values["DATABASES"]
    assert values["CELERY_TASK_ALWAYS_EAGER"] == "True"
    assert values["CELERY_BROKER_URL"] == "memory://"
    assert "FileSystemStorage" in values["STORAGES"] and str(BASE_DIR / "media") in values["STORAGES"]
    assert "LocMemCache" in values["CACHES"]


def test_services_from_the_environment(python, child_env):
    child_env.update(DATABASE_URL="postgres://archive:pw@db.internal:5432/archive",
                     REDIS_URL="redis://cache.internal:6379/2", S3_BUCKET="records",
                     S3_ENDPOINT_URL="http://store.internal:9000", S3_ACCESS_KEY_ID="key",
                     S3_SECRET_ACCESS_KEY="secret", S3_REGION="kz-1", ALLOWED_HOSTS="archive.kz, www.archive.kz")
    values = probe(python, child_env, "DATABASES", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER", "STORAGES",
                   "CACHES", "ALLOWED_HOSTS", "IS_POSTGRES")
    assert "django.db.backends.postgresql" in values["DATABASES"] and "db.internal" in values["DATABASES"]
    assert values["IS_POSTGRES"] == "True"
    assert values["CELERY_BROKER_URL"] == "redis://cache.internal:6379/2"
    assert values["CELERY_TASK_ALWAYS_EAGER"] == "False"
    assert "RedisCache" in values["CACHES"]
    assert "storages.backends.s3.S3Storage" in values["STORAGES"]
    assert "http://store.internal:9000" in values["STORAGES"] and "kz-1" in values["STORAGES"]
    assert values["ALLOWED_HOSTS"] == "['archive.kz', 'www.archive.kz']"


PRODUCTION_REQUESTS = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
secure = Client().get("/healthz", secure=True)
plain_page = Client().get("/accounts/login/")
plain_health = Client().get("/healthz")
api = Client().get("/api/v1/does-not-exist/", secure=True)
print(json.dumps({
    "secure_status": secure.status_code, "secure_headers": dict(secure.headers),
    "plain_page_status": plain_page.status_code, "plain_page_location": plain_page.get("Location"),
    "plain_health_status": plain_health.status_code,
    "api_status": api.status_code, "api_type": api.get("Content-Type"), "api_body": api.content.decode(),
    "settings": {name: str(getattr(settings, name)) for name in (
        "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
        "STORAGES")},
}))
"""


def test_production_settings_and_security_headers(python, child_env):
    child_env.update(DEBUG="0", SECRET_KEY="a-real-secret-from-the-environment-0123456789",
                     ALLOWED_HOSTS="testserver")
    result = run_python(python, PRODUCTION_REQUESTS, child_env)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    values = out["settings"]
    assert values["DEBUG"] == "False"
    for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE", "SECURE_SSL_REDIRECT"):
        assert values[name] == "True", name
    assert "whitenoise" in values["STORAGES"]
    headers = out["secure_headers"]
    assert out["secure_status"] == 200, out
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    # Plain http is sent to https, except the health check that load balancers call.
    assert out["plain_page_status"] == 301
    assert out["plain_page_location"] == "https://testserver/accounts/login/"
    assert out["plain_health_status"] == 200
    # No debug page in production: an unknown API path is a JSON 404.
    assert out["api_status"] == 404
    assert out["api_type"] == "application/json"
    assert set(json.loads(out["api_body"])) == {"detail"}


def test_csp_header_in_the_embedded_default(client, db):
    response = client.get("/accounts/login/")
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize(("raw", "expected"), [
    (None, True), ("", True), ("1", True), ("true", True), ("on", True), ("0", False), ("no", False),
    ("False", False),
])
def test_env_bool(monkeypatch, raw, expected):
    if raw is None:
        monkeypatch.delenv("SOME_FLAG", raising=False)
    else:
        monkeypatch.setenv("SOME_FLAG", raw)
    assert env.env_bool("SOME_FLAG", default=True) is expected


def test_env_list_and_int(monkeypatch):
    monkeypatch.setenv("SOME_LIST", " a.kz, ,b.kz ")
    monkeypatch.setenv("SOME_INT", " 42 ")
    monkeypatch.delenv("MISSING", raising=False)
    assert env.env_list("SOME_LIST", ["x"]) == ["a.kz", "b.kz"]
    assert env.env_list("MISSING", ["x"]) == ["x"]
    assert env.env_int("SOME_INT", 1) == 42
    assert env.env_int("MISSING", 7) == 7
