"""seed_demo: idempotent demo data with the documented logins; refuses to run in production."""
import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from accounts.choices import Role
from accounts.models import User

pytestmark = pytest.mark.django_db

DEMO_LOGINS = {"admin": None, "archivist": Role.ARCHIVIST, "reading": Role.READING_ROOM,
               "expert": Role.EXPERT, "citizen": Role.RESEARCHER}


def test_seed_demo_is_idempotent_prints_the_logins_and_they_work(settings, capsys):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # many users: keep it quick
    call_command("seed_demo")
    first = capsys.readouterr().out
    users = set(User.objects.values_list("username", "password"))
    call_command("seed_demo")
    second = capsys.readouterr().out

    assert {u for u, _ in User.objects.values_list("username", "password")} == {u for u, _ in users}
    for username in DEMO_LOGINS:
        assert username in first and username in second
    assert "demo12345" in first
    for username, role in DEMO_LOGINS.items():
        user = authenticate(username=username, password="demo12345")
        assert user is not None, username
        if role:
            assert list(user.groups.values_list("name", flat=True)).count(role) == 1
    assert User.objects.get(username="admin").is_superuser


def test_seed_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not User.objects.filter(username="admin").exists()
