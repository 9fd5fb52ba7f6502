from django.urls import include, path

from . import closing, corrections, reception

urlpatterns = [
    path("tiep-nhan/", reception.new, name="reception_new"),
    path("tiep-nhan/thu-tuc/", reception.procedures, name="reception_procedures"),
    path("tiep-nhan/nguoi-nop/", reception.applicant, name="reception_applicant"),
    path("cho-tiep-nhan/", reception.awaiting, name="reception_awaiting"),
    path("tra-ket-qua/", reception.returns, name="return_list"),
    path("cho-dong/", closing.to_close, name="closing_list"),
    path("dinh-chinh/", corrections.corrections_list, name="corrections_list"),
    path("", include("motcua.desk.queue_urls")),
]
