from django.urls import path

from . import views

urlpatterns = [
    path("gui/", views.petition_new, name="petition_new"),
    path("tra-cuu/", views.petition_status, name="petition_status"),
    path("cong-khai/<int:agency_id>/", views.petition_public, name="petition_public"),
    path("danh-gia/tong-hop/", views.rating_summary, name="rating_summary"),
    path("danh-gia/<int:dossier_id>/", views.rating_new, name="rating_new"),
    path("xu-ly/", views.petition_list, name="petition_list"),
    path("xu-ly/<int:petition_id>/", views.petition_detail, name="petition_detail"),
    path("xu-ly/<int:petition_id>/thao-tac/<slug:name>/", views.petition_act, name="petition_act"),
]
