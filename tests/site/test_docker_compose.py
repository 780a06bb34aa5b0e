"""docker-compose.yml cannot be started here (no Docker engine): this checks that it defines every
service the settings need, wired through the same variables."""
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from .conftest import BASE_DIR

APP_SERVICES = ("web", "worker", "beat")
SHARED = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "S3_BUCKET", "S3_ENDPOINT_URL",
          "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_REGION")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def env_of(service: dict) -> dict:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return env


def interpolate(value: str) -> str:
    """What compose makes of ${NAME:-default} and ${NAME:?message}: the default, or a sample value."""
    return re.sub(r"\$\{(\w+)(?::-([^}]*)|:\?[^}]*)?\}",
                  lambda m: m.group(2) if m.group(2) is not None else f"sample-{m.group(1).lower()}", value)


def command_of(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def test_every_service_is_defined(services):
    assert set(services) >= {"web", "worker", "beat", "db", "redis", "s3"}
    assert services["db"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:7")
    assert services["s3"]["image"].startswith("minio/minio")
    bucket_jobs = [name for name, s in services.items() if s.get("image", "").startswith("minio/mc")]
    assert bucket_jobs, "a one-shot job creates the bucket"


def test_app_services_share_one_environment(services):
    envs = [env_of(services[name]) for name in APP_SERVICES]
    for key in SHARED:
        values = {env.get(key) for env in envs}
        assert len(values) == 1 and None not in values, (key, values)


def test_production_mode_and_required_secret(services):
    env = env_of(services["web"])
    assert env["DEBUG"] == "0"
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")


def test_urls_point_at_the_services(services):
    env = env_of(services["web"])
    database = urlsplit(interpolate(env["DATABASE_URL"]))
    assert database.scheme in {"postgres", "postgresql"}
    assert database.hostname == "db"
    assert database.path == "/" + env_of(services["db"])["POSTGRES_DB"]
    assert database.username == env_of(services["db"])["POSTGRES_USER"]
    assert database.password == "sample-postgres_password"
    assert env_of(services["db"])["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD")
    assert urlsplit(interpolate(env["REDIS_URL"])).hostname == "redis"
    assert urlsplit(interpolate(env["S3_ENDPOINT_URL"])).hostname == "s3"


def test_the_store_and_the_application_use_the_same_credentials(services):
    app_env, store_env = env_of(services["web"]), env_of(services["s3"])
    assert store_env["MINIO_ROOT_USER"] == app_env["S3_ACCESS_KEY_ID"]
    assert store_env["MINIO_ROOT_PASSWORD"] == app_env["S3_SECRET_ACCESS_KEY"]


def test_commands(services):
    web = command_of(services["web"])
    assert web.index("migrate") < web.index("gunicorn archive_site.wsgi")
    assert "collectstatic" in web and "compile_translations" in web
    assert command_of(services["worker"]).startswith("celery -A archive_site worker")
    assert command_of(services["beat"]).startswith("celery -A archive_site beat")
    assert "8000" in " ".join(services["web"]["ports"])


def test_web_starts_after_its_dependencies(services):
    depends = services["web"]["depends_on"]
    assert {"db", "redis", "s3"} <= set(depends)
    assert all(services[name].get("healthcheck") for name in ("db", "redis", "s3", "web"))


def test_every_variable_passed_is_read_by_the_settings(services):
    settings_source = (BASE_DIR / "archive_site" / "settings.py").read_text()
    for key in env_of(services["web"]):
        assert re.search(rf'"{key}"', settings_source), f"{key} is passed but settings.py does not read it"


def test_the_image_builds_from_the_lock_file():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert "uv sync --frozen --no-dev" in dockerfile
    assert "COPY pyproject.toml uv.lock" in dockerfile
    assert re.search(r"^USER (?!root)", dockerfile, re.MULTILINE)
    ignored = (BASE_DIR / ".dockerignore").read_text().split()
    assert {".venv", ".git", "db.sqlite3", "media"} <= set(ignored)


def test_no_secrets_in_the_compose_file():
    text = Path(BASE_DIR / "docker-compose.yml").read_text()
    for key in ("SECRET_KEY", "POSTGRES_PASSWORD", "S3_SECRET_ACCESS_KEY"):
        for value in re.findall(rf"{key}: (\S+)", text):
            assert value.startswith("${"), (key, value)
