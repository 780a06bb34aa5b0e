"""Constants of the accounts app."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles are Django groups with these names; staff roles are also granted per archive."""

    ARCHIVIST = "archivist", _("Archivist")
    READING_ROOM = "reading_room_staff", _("Reading-room staff")
    EXPERT = "appraisal_expert", _("Appraisal expert")
    ADMINISTRATOR = "administrator", _("Administrator")
    RESEARCHER = "researcher", _("Researcher")


class Language(models.TextChoices):
    """Languages a user may prefer; every page and e-mail exists in each."""

    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")
