"""When a login needs the second factor, decided once at the login and kept in the session.

``CODE``: the user has a confirmed device — the code is asked after the password. ``ENROL``: the
user holds a role the administrator listed in ``SecondFactorRole`` and has no device yet — they
turn it on before anything else. ``DONE``: nothing (more) to ask. The middleware reads only the
session, so a page costs no query for this.
"""

from django_otp import user_has_device

from motcua.org.selectors import roles_by_agency

from .models import SecondFactorRole

SESSION_KEY = "motcua_second_factor"
CODE, ENROL, DONE = "code", "enrol", "done"


def required_roles(user) -> set[str]:
    """The user's roles today that the administrator says must use the second factor."""
    held = set().union(*roles_by_agency(user).values()) if user.is_authenticated else set()
    if not held:
        return set()
    return held & set(SecondFactorRole.objects.filter(role__in=held).values_list("role", flat=True))


def state_for(user) -> str:
    if user_has_device(user, confirmed=True):
        return CODE
    if required_roles(user):
        return ENROL
    return DONE


def remember_at_login(sender, request, user, **kwargs) -> None:
    """``user_logged_in``: what this session still has to show before it may do anything."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = state_for(user)


def pending(request) -> str:
    """CODE, ENROL or DONE for the session's user (sessions older than this feature: decided now)."""
    state = request.session.get(SESSION_KEY)
    if state is None:
        state = request.session[SESSION_KEY] = state_for(request.user)
    if state == CODE and request.user.is_verified():
        return DONE
    return state


def passed(request) -> None:
    request.session[SESSION_KEY] = DONE
