from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppraisalConfig(AppConfig):
    """Retention schedule, expert commissions, appraisal cases and destruction acts."""

    name = "appraisal"
    verbose_name = _("Appraisal")

    def ready(self) -> None:
        from archive_site import nav

        from . import permissions

        nav.register(nav.NavItem("appraisal:case_list", _("Appraisal cases"), permissions.may_use_appraisal, 40))
        nav.register(nav.NavItem("appraisal:schedule_list", _("Retention schedule"), permissions.may_use_appraisal, 41))
        nav.register(nav.NavItem("appraisal:commission_list", _("Expert commissions"), permissions.may_use_appraisal,
                                 42))
        nav.register(nav.NavItem("appraisal:insurance", _("Insurance copies"),
                                 lambda user: bool(permissions.insurance_archive_ids(user)) or user.is_superuser, 43))
