"""Reads of the accounts app."""
from django.db.models import QuerySet

from .choices import Role
from .models import User


def users_with_role(role: Role | str) -> QuerySet[User]:
    return User.objects.filter(groups__name=str(role), is_active=True).order_by("username")
