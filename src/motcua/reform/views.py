"""The reform section's landing page: the three parts, with what waits for the caller."""

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from . import access

SECTIONS = [
    (
        "parindex_home",
        _("Chỉ số cải cách hành chính"),
        _("Bộ tiêu chí, tự đánh giá, thẩm định, điều tra xã hội học, xếp hạng."),
    ),
    ("plans_home", _("Kế hoạch cải cách hành chính"), _("Kế hoạch năm, nhiệm vụ, báo cáo định kỳ.")),
    (
        "inspections_home",
        _("Kiểm tra cải cách hành chính"),
        _("Quyết định kiểm tra, lịch kiểm tra, kết luận và theo dõi chỉ đạo."),
    ),
]


@access.reform_required
def reform_home(request):
    sections = []
    for name, title, text in SECTIONS:
        try:
            sections.append({"url": reverse(name), "title": title, "text": text})
        except NoReverseMatch:
            continue
    return render(
        request,
        "reform/home.html",
        {"sections": sections, "is_manager": access.is_manager(request.user)},
    )
