from django.urls import path

from . import views
from .providers.registry import provider_urlpatterns

urlpatterns = [
    path("ho-so/<int:dossier_id>/", views.payment_start, name="payment_start"),
    path("ho-so/<int:dossier_id>/thu-tai-quay/", views.payment_cash, name="payment_cash"),
    path("ket-qua/<slug:provider>/", views.payment_return, name="payment_return"),
    path("ipn/<slug:provider>/", views.payment_ipn, name="payment_ipn"),
    path("bien-lai/<int:payment_id>.pdf", views.payment_receipt, name="payment_receipt"),
    path("doi-soat/", views.payment_reconciliation, name="payment_reconciliation"),
    path("bao-cao-thang/", views.payment_monthly, name="payment_monthly"),
    *provider_urlpatterns(),
]
