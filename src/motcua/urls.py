import os

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from motcua.api import api
from motcua.portal.views import track

admin.site.site_header = "motcua — Hệ thống giải quyết thủ tục hành chính"
admin.site.site_title = "motcua"
admin.site.index_title = "Quản trị"


def home(request):
    from django.shortcuts import render

    from motcua.catalog.models import Procedure
    from motcua.demo.history import progress
    from motcua.dossiers.models import Dossier
    from motcua.org.models import Agency

    kiosks = Agency.objects.filter(receives_dossiers=True, active=True).order_by("name")[:20]
    return render(
        request,
        "home.html",
        {
            "procedures": Procedure.objects.count(),
            "dossiers": Dossier.objects.count(),
            "history": progress(),
            "kiosks": kiosks,
        },
    )


urlpatterns = [
    # The API first: scripts and systems call it in bursts, and the resolver tries patterns in order.
    path("api/v1/", api.urls),
    path("", home, name="home"),
    path("tra-cuu/", track, name="track"),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("motcua.signin.urls")),  # the second factor
    path("mot-cua/", include("motcua.desk.urls")),
    path("phan-anh/", include("motcua.feedback.urls")),
    path("", include("motcua.portal.urls")),
    path("", include("motcua.indicators.urls")),
    path("", include("motcua.reform.urls")),
    path("", include("motcua.processing.urls")),
    path("thanh-toan/", include("motcua.payments.urls")),
    path("", include("motcua.audit.urls")),
    path("", include("motcua.integrations.portal_sync.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/docs", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
]

if os.environ.get("MOTCUA_BENCH") == "1":
    from motcua.benchurls import urlpatterns as bench_urls

    urlpatterns[1:1] = bench_urls  # right after the API: the baseline resolves as fast as the API
