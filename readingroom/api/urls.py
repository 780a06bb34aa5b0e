"""Requests API under /api/v1/requests/."""
from django.urls import path

from . import views

urlpatterns = [
    path("requests/", views.RequestListCreate.as_view(), name="request-list"),
    path("requests/<int:pk>/", views.RequestDetail.as_view(), name="request-detail"),
    path("requests/queue/", views.QueueList.as_view(), name="request-queue-list"),
    path("requests/queue/<int:pk>/", views.QueueDetail.as_view(), name="request-queue-detail"),
    path("requests/queue/<int:pk>/take/", views.TakeView.as_view(), name="request-queue-take"),
    path("requests/queue/<int:pk>/complete/", views.CompleteView.as_view(), name="request-queue-complete"),
    path("requests/queue/<int:pk>/refuse/", views.RefuseView.as_view(), name="request-queue-refuse"),
    path("requests/queue/<int:pk>/assign/", views.AssignView.as_view(), name="request-queue-assign"),
    path("requests/queue/<int:pk>/payment/", views.PaymentView.as_view(), name="request-queue-payment"),
    path("requests/queue/<int:pk>/identity/", views.IdentityView.as_view(), name="request-queue-identity"),
    path("requests/queue/<int:pk>/grant/", views.GrantView.as_view(), name="request-queue-grant"),
    path("requests/queue/<int:pk>/produce/", views.ProduceView.as_view(), name="request-queue-produce"),
    path("requests/queue/<int:pk>/renew/", views.RenewView.as_view(), name="request-queue-renew"),
]
