"""Who may use the holdings back office, and who may change what there.

Visibility of archival content is decided in holdings/access.py; this module only says which staff
may open the back office (any staff right in some archive, or a superuser) and who may change the
holdings of one archive (its archivists: `manage_holdings`). The base view classes in
holdings/views/ call these, so a new page cannot forget them."""
from __future__ import annotations

from . import access
from .choices import StaffRole


def can_use_office(user) -> bool:
    """Staff of at least one archive, or a superuser."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or bool(access.staff_archive_ids(user))


def can_view_archive(user, archive_id: int) -> bool:
    """Any staff right in the archive (archivist, reading-room staff, appraisal expert)."""
    return access.is_archive_staff(user, archive_id)


def can_edit_archive(user, archive_id: int) -> bool:
    """Describing holdings (create, edit, move, upload, bulk actions) is for the archive's archivists."""
    return access.can_manage_holdings(user, archive_id)


def can_edit_anywhere(user) -> bool:
    return bool(access.staff_archive_ids(user, StaffRole.ARCHIVIST))
