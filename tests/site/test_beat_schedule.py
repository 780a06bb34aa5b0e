"""Every periodic job in the beat schedule names a task that exists."""
from archive_site.celery import app


def test_every_scheduled_task_is_registered():
    app.loader.import_default_modules()
    schedule = app.conf.beat_schedule
    assert len(schedule) >= 4
    missing = [entry["task"] for entry in schedule.values() if entry["task"] not in app.tasks]
    assert missing == []
