"""Small helpers of the staff tests."""
from accounts.models import User


def fresh(user) -> User:
    """The user as a new request sees it: no roles or scope cached on the instance."""
    return User.objects.get(pk=user.pk)
