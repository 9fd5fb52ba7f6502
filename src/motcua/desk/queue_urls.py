"""Queue tickets (xếp hàng, lấy số thứ tự), mounted under /mot-cua/."""

from django.urls import path

from . import queue_views as views

urlpatterns = [
    path("xep-hang/", views.counter_page, name="queue_counter"),
    path("xep-hang/chon-quay/", views.choose_counter, name="queue_choose_counter"),
    path("xep-hang/goi-so/", views.call_next, name="queue_call_next"),
    path("xep-hang/ve/<int:ticket_id>/<slug:action>/", views.ticket_action, name="queue_ticket_action"),
    path("xep-hang/thong-ke/", views.stats, name="queue_stats"),
    path("kiosk/<int:agency_id>/", views.kiosk, name="queue_kiosk"),
    path("kiosk/<int:agency_id>/dat-lich/", views.checkin, name="queue_checkin"),
    path("man-hinh/<int:agency_id>/", views.display, name="queue_display"),
    path("man-hinh/<int:agency_id>/noi-dung/", views.display_fragment, name="queue_display_fragment"),
    path("dat-lich/<int:agency_id>/", views.booking, name="queue_booking"),
]
