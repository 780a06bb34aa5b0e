from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users, roles, registration, login, profile and API tokens."""

    name = "accounts"
    verbose_name = _("Accounts")
