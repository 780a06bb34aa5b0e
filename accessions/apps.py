from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _office(user) -> bool:
    from .permissions import can_use_office

    return can_use_office(user)


def _dashboard(user) -> bool:
    from .permissions import can_view_dashboard

    return can_view_dashboard(user)


class AccessionsConfig(AppConfig):
    """Sources, accessions, audiovisual deposit and electronic transfers."""

    name = "accessions"
    verbose_name = _("Accessions")

    def ready(self) -> None:
        from archive_site.nav import NavItem, register

        register(NavItem("accessions:accession_list", _("Accessions"), allowed=_office, order=40))
        register(NavItem("accessions:source_list", _("Sources of acquisition"), allowed=_office, order=41))
        register(NavItem("accessions:work_list", _("Audiovisual works"), allowed=_office, order=42))
        register(NavItem("accessions:obligation_dashboard", _("Deposit obligations"), allowed=_dashboard, order=43))
        register(NavItem("accessions:transfer_list", _("Electronic transfers"), allowed=_office, order=44))
