"""Background work of the reading room; each task takes ids, re-fetches, and calls one function."""
from celery import shared_task


@shared_task(name="readingroom.tasks.request_event_notify_task", acks_late=True, autoretry_for=(OSError,),
             retry_backoff=True, max_retries=5)
def request_event_notify_task(event_id: int) -> str:
    from .emails import send_event_email
    from .models import RequestEvent

    event = RequestEvent.objects.select_related("request__requester", "request__archive").filter(pk=event_id).first()
    if event is None:
        return "gone"
    return "sent" if send_event_email(event) else "skipped"
