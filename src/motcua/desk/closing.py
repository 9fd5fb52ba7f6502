"""The desk's "to close" page (Decree 118/2025 Art. 19.5): dossiers whose supplement did not come
within 15 days of the notice, and supplements proposed by the appraising agency for the desk to
issue. Scoped to the caller's desks (``dossiers.closing``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers import closing
from motcua.org.access import officer_required
from motcua.org.models import Role
from motcua.org.selectors import agency_ids


@officer_required
def to_close(request):
    if not agency_ids(request.user, [Role.DESK_OFFICER]):
        raise PermissionDenied(_("Trang này dành cho cán bộ Bộ phận Một cửa."))
    now = timezone.now()
    month_start = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return render(
        request,
        "desk/closing/list.html",
        {
            "rows": list(closing.to_close(request.user, now)[:500]),
            "proposals": [(d, closing.proposal(d)) for d in closing.proposed_supplements(request.user)[:200]],
            "late": closing.late_requests(request.user, month_start),
        },
    )
