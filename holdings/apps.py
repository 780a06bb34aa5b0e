from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _import_allowed(user) -> bool:
    from .permissions import can_edit_anywhere

    return can_edit_anywhere(user)


def _office_allowed(user) -> bool:
    from .permissions import can_use_office

    return can_use_office(user)


class HoldingsConfig(AppConfig):
    """Archives, fonds, inventories, units and digital objects; access, search, import and export."""

    name = "holdings"
    verbose_name = _("Holdings")

    def ready(self) -> None:
        from archive_site.nav import NavItem, register

        # Staff of any archive (and superusers) describe holdings in the back office.
        register(NavItem("holdings:dashboard", _("Holdings"), allowed=_office_allowed, order=10))
        # Archivists import inventories from CSV/XLSX into their archives.
        register(NavItem("holdings:import_list", _("Import"), allowed=_import_allowed, order=11))
