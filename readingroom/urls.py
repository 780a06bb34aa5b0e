"""Pages of the reading room, mounted at the site root: the public portal (catalogue, viewer, IIIF,
certificate check), the citizen's requests, and the staff side under /office/readingroom/."""
from django.urls import include, path

from .views import catalogue, office, requests, viewer

portal = [
    path("archives/", catalogue.archives, name="archives"),
    path("archives/<int:pk>/", catalogue.archive, name="archive"),
    path("fonds/<int:pk>/", catalogue.fonds, name="fonds"),
    path("inventories/<int:pk>/", catalogue.inventory, name="inventory"),
    path("units/<int:pk>/", catalogue.unit, name="unit"),
    path("search/", catalogue.search, name="search"),
    path("units/<int:pk>/viewer/", viewer.viewer, name="viewer"),
    path("units/<int:pk>/pages/<int:page>/image", viewer.page_image, name="page_image"),
    path("units/<int:pk>/pages/<int:page>/thumbnail", viewer.page_thumbnail, name="page_thumbnail"),
    path("iiif/units/<int:pk>/manifest", viewer.manifest, name="iiif_manifest"),
    path("verify/", requests.verify_form, name="verify_form"),
    path("verify/<str:code>", requests.verify, name="verify"),
    path("requests/", requests.my_requests, name="my_requests"),
    path("requests/new/", requests.request_new, name="request_new"),
    path("requests/new/<str:kind>/", requests.request_form, name="request_form"),
    path("requests/<int:pk>/", requests.my_request, name="my_request"),
    path("requests/<int:pk>/files/<int:delivery_id>/", requests.download, name="download"),
    path("requests/<int:pk>/attachments/<int:attachment_id>/", requests.attachment, name="attachment"),
]

office_patterns = [
    path("office/readingroom/", office.queue, name="queue"),
    path("office/readingroom/requests/<int:pk>/", office.request_detail, name="office_request"),
    path("office/readingroom/requests/<int:pk>/take", office.request_take, name="office_take"),
    path("office/readingroom/requests/<int:pk>/complete", office.request_complete, name="office_complete"),
    path("office/readingroom/requests/<int:pk>/refuse", office.request_refuse, name="office_refuse"),
    path("office/readingroom/requests/<int:pk>/assign", office.request_assign, name="office_assign"),
    path("office/readingroom/requests/<int:pk>/note", office.request_note, name="office_note"),
    path("office/readingroom/requests/<int:pk>/fee", office.request_fee, name="office_fee"),
    path("office/readingroom/requests/<int:pk>/payment", office.request_payment, name="office_payment"),
    path("office/readingroom/requests/<int:pk>/identity", office.request_identity, name="office_identity"),
    path("office/readingroom/requests/<int:pk>/produce", office.request_produce, name="office_produce"),
    path("office/readingroom/requests/<int:pk>/certificate", office.request_certificate, name="office_certificate"),
    path("office/readingroom/requests/<int:pk>/grant", office.request_grant, name="office_grant"),
    path("office/readingroom/requests/<int:pk>/renew", office.request_renew, name="office_renew"),
    path("office/readingroom/units/<int:pk>/redaction/", office.redaction, name="redaction"),
    path("office/readingroom/redaction/<int:pk>/remove", office.redaction_remove, name="redaction_remove"),
    path("office/readingroom/calendar/", office.calendar, name="calendar"),
    path("office/readingroom/prices/", office.prices, name="prices"),
]

urlpatterns = [
    path("", catalogue.home, name="home"),
    path("", include((portal + office_patterns, "readingroom"))),
]
