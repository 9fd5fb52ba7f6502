from django.urls import include, path

from . import views

urlpatterns = [
    path("cai-cach/", views.reform_home, name="reform_home"),
    path("cai-cach/chi-so/", include("motcua.reform.parindex.urls")),
    path("cai-cach/ke-hoach/", include("motcua.reform.plans.urls")),
    path("cai-cach/kiem-tra/", include("motcua.reform.inspections.urls")),
]
