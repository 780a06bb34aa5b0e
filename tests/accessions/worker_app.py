"""The Celery app the worker test starts: the project's app, with a short visibility timeout so that
a message whose worker was killed is delivered again within seconds (Redis' default is an hour)."""
from archive_site.celery import app

app.conf.broker_transport_options = {"visibility_timeout": 5}

__all__ = ["app"]
