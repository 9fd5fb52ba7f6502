from django.urls import path

from . import views

urlpatterns = [
    path("can-bo/", views.home, name="officer_home"),
    path("ho-so/", views.worklist, name="worklist"),
    path("ho-so/tra-cuu/", views.search, name="dossier_search"),
    path("ho-so/canh-bao/", views.warnings, name="warnings"),
    path("so-theo-doi/", views.ledger_page, name="ledger"),
    path("ho-so/<int:dossier_id>/", views.detail, name="dossier_detail"),
    path("ho-so/<int:dossier_id>/thao-tac/<slug:name>/", views.act, name="dossier_act"),
    path("ho-so/<int:dossier_id>/mau-<str:number>.pdf", views.print_form, name="dossier_form"),
    path("ho-so/<int:dossier_id>/tep/<int:file_id>/", views.download_file, name="dossier_file"),
]
