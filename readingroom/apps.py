from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadingroomConfig(AppConfig):
    """The public portal: catalogue pages, viewer, requests and their staff queue."""

    name = "readingroom"
    verbose_name = _("Reading room")

    def ready(self) -> None:
        from archive_site import nav

        from . import permissions

        nav.register(nav.NavItem("readingroom:queue", _("Reading-room requests"), permissions.may_use_queue, order=50))
        nav.register(nav.NavItem("readingroom:calendar", _("Holiday calendar"), permissions.may_keep_calendar,
                                 order=90))
