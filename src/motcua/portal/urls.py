from django.urls import path

from . import accounts, mine, stop_and_adjust, submission, verification, views
from .identity import views as identity
from .identity.simulator import views as simulator

urlpatterns = [
    path("thu-tuc/", views.procedures, name="portal_catalogue"),
    path("thu-tuc/<int:procedure_id>/", views.procedure, name="portal_procedure"),
    path("co-quan/<int:agency_id>/", views.agency, name="portal_agency"),
    path("cong-dan/dang-ky/", accounts.register, name="portal_register"),
    path("cong-dan/dang-nhap/", accounts.CitizenLoginView.as_view(), name="portal_login"),
    path("cong-dan/xac-minh/", verification.verify, name="portal_verify"),
    path("cong-dan/vneid/", identity.start, name="portal_oidc_start"),
    path("cong-dan/vneid/callback/", identity.callback, name="portal_oidc_callback"),
    path("cong-dan/nop/<int:procedure_id>/", submission.submit, name="portal_submit"),
    path("cong-dan/ho-so/", mine.mine, name="portal_mine"),
    path("cong-dan/ho-so/<int:dossier_id>/", mine.mine_detail, name="portal_mine_detail"),
    path("cong-dan/ho-so/<int:dossier_id>/ket-qua.pdf", mine.result_download, name="portal_result"),
    path("cong-dan/ho-so/<int:dossier_id>/bo-sung/", mine.supplement, name="portal_supplement"),
    path("cong-dan/ho-so/<int:dossier_id>/dung/", stop_and_adjust.stop, name="portal_stop"),
    path("cong-dan/ho-so/<int:dossier_id>/dieu-chinh/", stop_and_adjust.adjust, name="portal_adjust"),
    path("vneid-gia-lap/authorize", simulator.authorize, name="vneid_sim_authorize"),
    path("vneid-gia-lap/token", simulator.token_endpoint, name="vneid_sim_token"),
]
