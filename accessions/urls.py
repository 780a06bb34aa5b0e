"""Back-office pages of accessions (under /office/accessions/)."""
from django.urls import path
from django.views.generic import RedirectView

from .views import acts, sources, transfers, works

app_name = "accessions"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="accessions:accession_list", permanent=False), name="home"),
    path("acts/", acts.accession_list, name="accession_list"),
    path("acts/new/", acts.accession_create, name="accession_create"),
    path("acts/<int:pk>/", acts.accession_detail, name="accession_detail"),
    path("acts/<int:pk>/edit/", acts.accession_edit, name="accession_edit"),
    path("acts/<int:pk>/items/", acts.accession_item_add, name="accession_item_add"),
    path("acts/<int:pk>/items/import/", acts.accession_items_import, name="accession_items_import"),
    path("acts/<int:pk>/items/<int:item_id>/remove/", acts.accession_item_remove, name="accession_item_remove"),
    path("acts/<int:pk>/receive/", acts.accession_receive, name="accession_receive"),
    path("acts/<int:pk>/process/", acts.accession_process, name="accession_process"),
    path("acts/<int:pk>/reject/", acts.accession_reject, name="accession_reject"),
    path("acts/<int:pk>/act.pdf", acts.accession_act, name="accession_act"),
    path("sources/", sources.source_list, name="source_list"),
    path("sources/new/", sources.source_create, name="source_create"),
    path("sources/<int:pk>/", sources.source_detail, name="source_detail"),
    path("sources/<int:pk>/edit/", sources.source_edit, name="source_edit"),
    path("sources/<int:pk>/accounts/", sources.agency_account_create, name="agency_account_create"),
    path("sources/<int:pk>/accounts/<int:account_id>/toggle/", sources.agency_account_toggle,
         name="agency_account_toggle"),
    path("sources/<int:pk>/accounts/<int:account_id>/token/", sources.agency_account_token,
         name="agency_account_token"),
    path("works/", works.work_list, name="work_list"),
    path("works/new/", works.work_create, name="work_create"),
    path("works/<int:pk>/", works.work_detail, name="work_detail"),
    path("works/<int:pk>/edit/", works.work_edit, name="work_edit"),
    path("works/<int:pk>/offer/", works.work_offer, name="work_offer"),
    path("works/<int:pk>/offer/accept/", works.work_offer_accept, name="work_offer_accept"),
    path("works/<int:pk>/offer/decline/", works.work_offer_decline, name="work_offer_decline"),
    path("works/<int:pk>/deposit/", works.work_deposit, name="work_deposit"),
    path("works/<int:pk>/receipt.pdf", works.work_receipt, name="work_receipt"),
    path("obligations/", works.obligation_dashboard, name="obligation_dashboard"),
    path("transfers/", transfers.transfer_list, name="transfer_list"),
    path("transfers/<int:pk>/", transfers.transfer_detail, name="transfer_detail"),
    path("transfers/<int:pk>/retry/", transfers.transfer_retry, name="transfer_retry"),
    path("fixity/", transfers.fixity_alerts, name="fixity_alerts"),
    path("fixity/<int:pk>/resolve/", transfers.fixity_alert_resolve, name="fixity_alert_resolve"),
]
