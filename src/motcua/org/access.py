"""Page guards shared by the officers' apps."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .selectors import roles_by_agency


def officer_required(view):
    """Logged in and holding a role in at least one agency today; others get a 403 page."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not roles_by_agency(request.user):
            raise PermissionDenied(_("Tài khoản chưa được phân công vai trò tại cơ quan nào."))
        return view(request, *args, **kwargs)

    return wrapped
