from django.urls import path

from . import views

urlpatterns = [
    path("nhat-ky/", views.audit_log, name="audit_log"),
]
