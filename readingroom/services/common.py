"""What every reading-room service shares: the error type, the history line, and the staff check."""
from __future__ import annotations

from django.core.files.storage import default_storage
from django.db import transaction

from holdings import access
from holdings.choices import StaffRole

from ..models import Request, RequestEvent


class RequestError(Exception):
    """A reading-room rule was broken; the message is for the user, in their language."""


def actor_or_none(actor):
    return actor if actor is not None and actor.is_authenticated else None


def handles_requests(user, archive_id: int) -> bool:
    return user is not None and user.is_authenticated and access.is_archive_staff(
        user, archive_id, StaffRole.READING_ROOM)


def ensure_staff(actor, request: Request) -> None:
    from django.utils.translation import gettext as _

    if not handles_requests(actor, request.archive_id):
        raise RequestError(_("You do not answer requests of this archive."))


def record(*, request: Request, actor, action: str, note: str = "", public: bool = True,
           from_status: str = "", to_status: str = "", notify: bool | None = None,
           data: dict | None = None) -> RequestEvent:
    """Writes a history line; a public line also sends the citizen an e-mail after commit. What the
    system states goes in `data` (worded in the reader's language when shown), people's words in `note`."""
    event = RequestEvent.objects.create(request=request, actor=actor_or_none(actor), action=action, note=note,
                                        public=public, from_status=from_status, to_status=to_status,
                                        data=data or {})
    if public if notify is None else notify:
        from ..tasks import request_event_notify_task

        transaction.on_commit(lambda: request_event_notify_task.delay(event.pk))
    return event


def delete_files(names) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


def delete_files_on_commit(names) -> None:
    names = [n for n in names if n]
    if names:
        transaction.on_commit(lambda: delete_files(names))
