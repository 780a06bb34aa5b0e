"""Who may write through the catalogue API. Reads are open to everyone (what they see is filtered by
holdings/access.py in the base viewset); writes are for archivists, and only in their archives."""
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .. import access
from ..choices import StaffRole


class HoldingsWritePermission(BasePermission):
    """Safe methods: anyone. Other methods: an archivist (manage_holdings) of the object's archive."""

    message = _("Only archivists of the archive may change its holdings.")

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        return bool(user and user.is_authenticated and access.staff_archive_ids(user, StaffRole.ARCHIVIST))

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return access.can_manage_holdings(request.user, view.archive_id_of(obj))
