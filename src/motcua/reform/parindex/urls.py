from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="parindex_home"),
    path("<int:pk>/", views.edition_detail, name="parindex_edition"),
    path("<int:pk>/diem-toi-da/", views.edition_points, name="parindex_points"),
    path("<int:pk>/nhap-tieu-chi/", views.edition_import, name="parindex_import"),
    path("<int:pk>/don-vi/", views.edition_participant, name="parindex_participant"),
    path("<int:pk>/cong-bo/", views.edition_publish, name="parindex_publish"),
    path("<int:pk>/ket-thuc-tu-danh-gia/", views.edition_close, name="parindex_close"),
    path("<int:pk>/cong-bo-ket-qua/", views.edition_results, name="parindex_results"),
    path("<int:pk>/sao-chep/", views.edition_copy, name="parindex_copy"),
    path("<int:pk>/dieu-tra/", views.survey, name="parindex_survey"),
    path("<int:pk>/xep-hang/", views.ranking, name="parindex_ranking"),
    path("danh-gia/<int:pk>/", views.assessment_detail, name="parindex_assessment"),
    path("danh-gia/<int:pk>/gui/", views.assessment_submit, name="parindex_submit"),
    path(
        "danh-gia/<int:pk>/minh-chung/<int:score_id>/",
        views.assessment_evidence,
        name="parindex_evidence_upload",
    ),
    path("danh-gia/<int:pk>/tham-dinh/", views.council, name="parindex_council"),
    path("minh-chung/<int:pk>/", views.evidence_file, name="parindex_evidence"),
]
