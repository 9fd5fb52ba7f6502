from django.urls import path

from . import views

urlpatterns = [
    path("", views.plans_home, name="plans_home"),
    path("tong-hop.xlsx", views.plans_overview_xlsx, name="plans_overview_xlsx"),
    path("lich-bao-cao/", views.plans_schedule, name="plans_schedule"),
    path("<int:plan_id>/", views.plans_detail, name="plans_detail"),
    path("<int:plan_id>/excel/", views.plans_xlsx, name="plans_xlsx"),
    path("nhiem-vu/<int:task_id>/", views.plans_task, name="plans_task"),
    path("minh-chung/<int:evidence_id>/", views.plans_evidence, name="plans_evidence"),
    path("bao-cao/<int:report_id>/", views.plans_report, name="plans_report"),
    path("bao-cao/tep/<int:submission_id>/", views.plans_report_file, name="plans_report_file"),
]
