from django.urls import path

from . import views

urlpatterns = [
    path("dang-nhap/ma-xac-thuc/", views.verify, name="signin_verify"),
    path("tai-khoan/xac-thuc-hai-buoc/", views.enrol, name="signin_enrol"),
]
