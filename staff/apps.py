from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """Staff members, positions, salaries, the rural allowance and its reports."""

    name = "staff"
    verbose_name = _("Staff")

    def ready(self) -> None:
        from archive_site.nav import NavItem, register

        from .permissions import is_administrator

        register(NavItem(url_name="staff:member_list", label=_("Staff"), allowed=is_administrator, order=70))
        register(NavItem(url_name="staff:report", label=_("Allowance report"), allowed=is_administrator, order=71))
        register(NavItem(url_name="staff:rights", label=_("Archive roles"), allowed=is_administrator, order=72))
        register(NavItem(url_name="staff:archive_list", label=_("Rural archives"), allowed=is_administrator,
                         order=73))
