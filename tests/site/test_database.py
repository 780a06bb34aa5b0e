"""Which database the suite runs on. With REQUIRE_POSTGRES=1 (CI's second pass) a missing or
unreachable PostgreSQL is a failure, never a silent fallback to SQLite."""
import os

import pytest
from django.conf import settings
from django.db import connection


@pytest.mark.django_db
def test_the_configured_database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        assert connection.vendor == "postgresql"
    elif not os.environ.get("DATABASE_URL"):
        assert connection.vendor == "sqlite"


@pytest.mark.django_db
@pytest.mark.postgres
def test_postgres_is_required_and_used():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql", (
        "REQUIRE_POSTGRES=1 but DATABASE_URL does not name a PostgreSQL database")
    assert settings.IS_POSTGRES
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        version = int(cursor.fetchone()[0])
    assert version >= 150000, f"PostgreSQL 15 or later is expected, found {version}"
    # Search relies on these text-search configurations (DESIGN.md section 4).
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config WHERE cfgname IN ('russian', 'simple')")
        assert {row[0] for row in cursor.fetchall()} == {"russian", "simple"}
