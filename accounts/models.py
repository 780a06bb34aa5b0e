"""The custom user model."""
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .choices import Language, Role
from .validators import validate_iin


class ArchiveUserManager(UserManager):
    """Looks users up by username or e-mail, case-insensitively."""

    def get_by_login(self, login: str) -> "User":
        login = (login or "").strip()
        if "@" in login:
            try:
                return self.get(email__iexact=login)
            except self.model.DoesNotExist:
                pass  # usernames may contain "@" too
        return self.get(username__iexact=login)


class User(AbstractUser):
    """A person or an agency system that logs in; roles are groups, archive rights are per archive."""

    email = models.EmailField(_("e-mail address"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.RUSSIAN
    )
    iin = models.CharField(_("IIN"), max_length=12, blank=True, validators=[validate_iin],
                           help_text=_("Individual identification number, 12 digits."))
    email_confirmed = models.BooleanField(_("e-mail confirmed"), default=False)

    objects = ArchiveUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique",
                                    condition=~models.Q(email="")),
            models.UniqueConstraint(Lower("username"), name="accounts_user_username_ci_unique"),
        ]

    def has_role(self, role: Role | str) -> bool:
        if self.is_superuser:
            return True
        names = getattr(self, "_role_names", None)
        if names is None:
            names = set(self.groups.values_list("name", flat=True))
            self._role_names = names
        return str(role) in names

    @property
    def role_labels(self) -> list[str]:
        """The user's roles in the current language (group names are stable codes, not labels)."""
        labels = dict(Role.choices)
        return [str(labels.get(name, name)) for name in sorted(g.name for g in self.groups.all())]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
