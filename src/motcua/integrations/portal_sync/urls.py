from django.urls import path

from . import views

urlpatterns = [
    path("lien-thong/dvcqg/ho-so", views.receive_online, name="portal_receive_online"),
    path("lien-thong/dvcqg/yeu-cau", views.receive_request, name="portal_receive_request"),
    path("dvc-gia-lap/api/hoso", views.simulator_items, name="portal_simulator_items"),
    path("dvc-gia-lap/api/dieu-khien", views.simulator_control, name="portal_simulator_control"),
    path("dvc-gia-lap/api/yeu-cau", views.simulator_request, name="portal_simulator_request"),
]
