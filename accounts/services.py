"""Writes of the accounts app: registration, e-mail confirmation, profile, roles, tokens."""
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import signing
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from .choices import Role
from .models import User

CONFIRM_SALT = "accounts.email-confirm"
CONFIRM_MAX_AGE = 3 * 24 * 3600
RESEND_INTERVAL = 5 * 60


def email_confirmation_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=CONFIRM_SALT)


def _send_confirmation(user: User, base_url: str) -> None:
    link = base_url.rstrip("/") + reverse("accounts:confirm", args=[email_confirmation_token(user)])
    with translation.override(user.preferred_language):
        send_mail(
            subject=_("Confirm your e-mail for the National Archive"),
            message=_("Hello, %(name)s.\n\nOpen this link to confirm your e-mail and activate your account:\n%(link)s\n\n"
                      "The link is valid for three days.") % {"name": user.display_name, "link": link},
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )


def user_register(*, username: str, email: str, password: str, preferred_language: str,
                  first_name: str = "", last_name: str = "", iin: str = "", base_url: str) -> User:
    """Creates an inactive researcher account and sends the confirmation e-mail after commit."""
    with transaction.atomic():
        user = User(username=username, email=email, preferred_language=preferred_language,
                    first_name=first_name, last_name=last_name, iin=iin, is_active=False)
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=Role.RESEARCHER))
        transaction.on_commit(lambda: _send_confirmation(user, base_url))
    return user


def user_confirm_email(*, token: str) -> User:
    """Activates the account named by a confirmation token; raises signing.BadSignature if invalid."""
    data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=data["u"])
        if user.email != data["e"]:
            raise signing.BadSignature("e-mail changed since the link was sent")
        if user.email_confirmed and not user.is_active:
            # Confirmed once, then deactivated by the archive: an old link must not switch it back on.
            raise signing.BadSignature("account deactivated after its confirmation")
        user.is_active = True
        user.email_confirmed = True
        user.save(update_fields=["is_active", "email_confirmed"])
    return user


def user_resend_confirmation(*, email: str, base_url: str) -> bool:
    """Sends a new confirmation link to an account that was never confirmed (after commit). Quietly
    does nothing for any other address, and at most once per RESEND_INTERVAL per account, so the
    page can neither tell who has an account nor be used to flood someone's mailbox."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=False, email_confirmed=False).first()
    if user is None or not cache.add(f"confirm-resend:{user.pk}", 1, RESEND_INTERVAL):
        return False
    transaction.on_commit(lambda: _send_confirmation(user, base_url))
    return True


def user_update_profile(*, user: User, first_name: str, last_name: str, preferred_language: str,
                        iin: str) -> User:
    user.first_name = first_name
    user.last_name = last_name
    user.preferred_language = preferred_language
    user.iin = iin
    user.full_clean(exclude=["password", "username", "email"])
    user.save(update_fields=["first_name", "last_name", "preferred_language", "iin"])
    return user


def user_set_roles(*, user: User, roles: list[str]) -> None:
    """Sets the user's global roles (groups); per-archive staff rights are granted in holdings."""
    groups = list(Group.objects.filter(name__in=roles))
    user.groups.set(groups)


def user_token(*, user: User) -> str:
    token, _created = Token.objects.get_or_create(user=user)
    return token.key


def user_token_revoke(*, user: User) -> int:
    """Deletes the user's API token (after a password reset: a leaked token dies with the password)."""
    deleted, _detail = Token.objects.filter(user=user).delete()
    return deleted
