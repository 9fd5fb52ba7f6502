"""«Đính chính kết quả» (Decree 118/2025 Art. 23.1): the open corrections of the caller's desks
and agencies with their 03-working-day due time, and per competent authority the corrections
requested in a period and how many were late (``dossiers.corrections``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers import corrections
from motcua.org.access import officer_required
from motcua.org.models import Role
from motcua.org.selectors import agency_ids
from motcua.params import period

ROLES = (Role.DESK_OFFICER, *corrections.PROCESSOR_ROLES)


@officer_required
def corrections_list(request):
    if not agency_ids(request.user, ROLES):
        raise PermissionDenied(_("Trang này dành cho Bộ phận Một cửa và cán bộ xử lý hồ sơ."))
    now = timezone.now()
    today = timezone.localdate()
    date_from, date_to = period(request, today)
    rows = [(c, c.overdue(now)) for c in corrections.open_for(request.user)[:500]]
    counts = corrections.counts(request.user, date_from, date_to, now)
    return render(
        request,
        "desk/corrections/list.html",
        {
            "rows": rows,
            "counts": counts,
            "total": {
                "requested": sum(c.requested for c in counts),
                "late": sum(c.late for c in counts),
            },
            "date_from": date_from,
            "date_to": date_to,
            "days": corrections.correction_days(),
        },
    )
