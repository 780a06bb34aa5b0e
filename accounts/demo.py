"""Demo users: admin, archivist, reading, expert, citizen (password demo12345)."""
from django.contrib.auth.models import Group

from .choices import Role
from .models import User

DEMO_PASSWORD = "demo12345"
DEMO_USERS = [
    ("admin", "Әлия", "Админова", [Role.ADMINISTRATOR], True),
    ("archivist", "Асель", "Архивова", [Role.ARCHIVIST], False),
    ("reading", "Ринат", "Читальный", [Role.READING_ROOM], False),
    ("expert", "Ерлан", "Экспертов", [Role.EXPERT], False),
    ("citizen", "Сауле", "Гражданова", [Role.RESEARCHER], False),
]


def seed(*, stdout) -> None:
    for username, first, last, roles, superuser in DEMO_USERS:
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@demo.archive.kz", "first_name": first, "last_name": last,
                      "email_confirmed": True, "is_active": True},
        )
        user.is_superuser = superuser
        user.is_staff = superuser
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.add(*Group.objects.filter(name__in=[str(r) for r in roles]))
    stdout.write("Demo logins (password demo12345): " + ", ".join(u[0] for u in DEMO_USERS))
