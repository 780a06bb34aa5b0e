"""Public export endpoints of holdings at the site root: OAI-PMH."""
from django.urls import path

from .oai_views import oai_pmh

urlpatterns = [
    path("oai/", oai_pmh, name="oai-pmh"),
]
