from django.urls import path

from . import views

urlpatterns = [
    path("lien-thong/dvcqg/ho-so", views.receive_online, name="portal_receive_online"),
    path("dvc-gia-lap/api/hoso", views.simulator_items, name="portal_simulator_items"),
    path("dvc-gia-lap/api/dieu-khien", views.simulator_control, name="portal_simulator_control"),
]
