"""Who may see and change the reading room's own objects: the one place that decides.

- A citizen sees only their own requests, attachments and deliveries.
- Reading-room staff (`handle_requests` on an archive) see and answer that archive's requests.
- Administrators keep the holiday calendar and request terms; an archive's reading-room staff (or
  an administrator) keep its price list.
- What a person may see of the holdings themselves is decided by holdings.access.
Out-of-scope objects answer 404."""
from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.choices import Role
from holdings import access
from holdings.choices import AccessLevel, StaffRole

from .choices import RequestStatus
from .models import Delivery, Request


def queue_archive_ids(user) -> frozenset[int]:
    """Archives whose requests the user answers."""
    return access.staff_archive_ids(user, StaffRole.READING_ROOM)


def may_use_queue(user) -> bool:
    return bool(user is not None and user.is_authenticated and queue_archive_ids(user))


def own_requests(user) -> QuerySet[Request]:
    if user is None or not user.is_authenticated:
        return Request.objects.none()
    return Request.objects.filter(requester=user)


def staff_requests(user) -> QuerySet[Request]:
    ids = queue_archive_ids(user)
    if not ids:
        return Request.objects.none()
    return Request.objects.filter(archive_id__in=ids)


def handles(user, request: Request) -> bool:
    return request.archive_id in queue_archive_ids(user)


def visible_requests(user) -> QuerySet[Request]:
    """Own requests plus those of the archives the user answers."""
    if user is None or not user.is_authenticated:
        return Request.objects.none()
    ids = queue_archive_ids(user)
    q = Q(requester=user)
    if ids:
        q |= Q(archive_id__in=ids)
    return Request.objects.filter(q)


def get_own_request(user, pk: int) -> Request:
    request = own_requests(user).select_related("archive").filter(pk=pk).first()
    if request is None:
        raise Http404
    return request


def get_staff_request(user, pk: int) -> Request:
    request = staff_requests(user).select_related("archive", "requester", "assigned_to").filter(pk=pk).first()
    if request is None:
        raise Http404
    return request


def may_download(user, delivery: Delivery) -> bool:
    """The archive's staff, and the requester once the request is ready, while the link lives; a
    copy of a restricted record only while the requester still has access to it (grants close
    downloads too)."""
    if user is None or not user.is_authenticated or delivery.expired:
        return False
    request = delivery.request
    if handles(user, request):
        return True
    if request.requester_id != user.pk:
        return False
    if request.status != RequestStatus.READY:
        return False  # files reach the citizen with the answer: checked, paid, and not refused
    unit = delivery.unit
    if unit is None or delivery.redacted:
        return True
    level = access.effective_level(unit)
    if level == AccessLevel.OPEN or access.has_full_access(user, unit):
        return True
    if level == AccessLevel.PERSONAL:
        from .services import is_verified_data_subject

        return is_verified_data_subject(request)
    return False


def may_see_attachment(user, request: Request) -> bool:
    return user is not None and user.is_authenticated and (request.requester_id == user.pk or handles(user, request))


def may_keep_calendar(user) -> bool:
    return bool(user is not None and user.is_authenticated and (user.is_superuser or user.has_role(Role.ADMINISTRATOR)))


def may_keep_price_list(user, archive_id: int) -> bool:
    return may_keep_calendar(user) or archive_id in queue_archive_ids(user)
