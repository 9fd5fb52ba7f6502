from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="inspections_home"),
    path("theo-doi/", views.followup, name="inspection_followup"),
    path("quyet-dinh/moi/", views.decision_new, name="inspection_decision_new"),
    path("quyet-dinh/<int:decision_id>/", views.decision_detail, name="inspection_decision"),
    path("quyet-dinh/<int:decision_id>/ban-hanh/", views.decision_issue, name="inspection_decision_issue"),
    path("quyet-dinh/<int:decision_id>/doan/", views.member_add, name="inspection_member_add"),
    path(
        "quyet-dinh/<int:decision_id>/doan/<int:member_id>/bo/",
        views.member_remove,
        name="inspection_member_remove",
    ),
    path("quyet-dinh/<int:decision_id>/lich/", views.visit_add, name="inspection_visit_add"),
    path("quyet-dinh/<int:decision_id>/ket-luan/", views.notice_new, name="inspection_notice_new"),
    path("quyet-dinh/<int:decision_id>/ket-luan.pdf", views.notice_pdf, name="inspection_notice_pdf"),
    path("cuoc-kiem-tra/<int:visit_id>/", views.visit_detail, name="inspection_visit"),
    path("cuoc-kiem-tra/<int:visit_id>/bat-dau/", views.visit_start, name="inspection_visit_start"),
    path("cuoc-kiem-tra/<int:visit_id>/ket-qua/", views.visit_findings, name="inspection_visit_findings"),
    path("cuoc-kiem-tra/<int:visit_id>/doi-chieu/", views.visit_reconcile, name="inspection_visit_reconcile"),
    path("cuoc-kiem-tra/<int:visit_id>/vi-pham/", views.visit_breach, name="inspection_visit_breach"),
    path("cuoc-kiem-tra/<int:visit_id>/ket-thuc/", views.visit_close, name="inspection_visit_close"),
    path("chi-dao/<int:directive_id>/", views.directive_detail, name="inspection_directive"),
    path("chi-dao/<int:directive_id>/bao-cao/", views.directive_report, name="inspection_directive_report"),
    path(
        "chi-dao/<int:directive_id>/xac-nhan/", views.directive_confirm, name="inspection_directive_confirm"
    ),
    path("chi-dao/<int:directive_id>/tra-lai/", views.directive_return, name="inspection_directive_return"),
    path(
        "chi-dao/<int:directive_id>/minh-chung/",
        views.directive_evidence,
        name="inspection_directive_evidence",
    ),
]
