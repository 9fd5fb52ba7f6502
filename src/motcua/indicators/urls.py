from django.urls import path

from . import views

urlpatterns = [
    path("chi-so/", views.indicator_dashboard, name="indicator_dashboard"),
    path("chi-so/ho-so/", views.indicator_drilldown, name="indicator_drilldown"),
    path("chi-so/xep-hang/", views.indicator_ranking, name="indicator_ranking"),
    path("chi-so/man-hinh/", views.indicator_wall, name="indicator_wall"),
    path("thong-ke/<int:unit_id>/", views.indicator_public, name="indicator_public"),
]
