"""The officer's menu: what a person sees in the header follows the roles they hold today."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.states import DESK, MANAGERS, PROCESSORS
from motcua.org.models import Role
from motcua.org.selectors import roles_by_agency

# (url name, label, roles that see it (None: every officer), access key)
MENU = [
    ("queue_counter", _("Xếp hàng"), DESK, "q"),
    ("reception_new", _("Tiếp nhận"), DESK, "n"),
    ("worklist", _("Hồ sơ của tôi"), None, "w"),
    ("dossier_search", _("Tra cứu hồ sơ"), None, "s"),
    ("warnings", _("Sắp quá hạn"), DESK | PROCESSORS, "c"),
    ("return_list", _("Trả kết quả"), DESK, "r"),
    ("closing_list", _("Hồ sơ chờ đóng"), DESK, ""),
    ("corrections_list", _("Đính chính kết quả"), DESK | PROCESSORS, ""),
    ("ledger", _("Sổ theo dõi"), DESK | MANAGERS, "l"),
    ("payment_reconciliation", _("Thu phí"), DESK | MANAGERS, ""),
    ("petition_list", _("Phản ánh, kiến nghị"), DESK | MANAGERS, ""),
    (
        "indicator_dashboard",
        _("Chỉ số, thống kê"),
        DESK | MANAGERS | {Role.REFORM_MANAGER, Role.INSPECTOR},
        "",
    ),
    ("reform_home", _("Cải cách hành chính"), {Role.REFORM_MANAGER, Role.INSPECTOR, Role.LEADER}, ""),
    ("audit_log", _("Nhật ký truy vết"), {Role.ADMINISTRATOR, Role.INSPECTOR}, ""),
    ("signin_enrol", _("Xác thực hai bước"), None, ""),
]


# The citizens' menu: everyone who is not an officer (anonymous visitors included).
PUBLIC_MENU = [
    ("portal_catalogue", _("Thủ tục hành chính"), "t"),
    ("track", _("Tra cứu hồ sơ"), "s"),
    ("portal_mine", _("Hồ sơ của tôi"), "w"),
    ("petition_new", _("Phản ánh, kiến nghị"), ""),
]


def _items(request, entries) -> list[dict]:
    """Menu entries as links; a page not installed in this deployment is left out."""
    items = []
    for name, label, key in entries:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "key": key, "current": request.path.startswith(url)})
    return items


def _public(request) -> dict:
    from motcua.portal.identity.base import provider_path

    return {
        "nav_items": _items(request, PUBLIC_MENU),
        "citizen_menu": True,
        # The VNeID button only where a provider is configured (or its simulator switched on).
        "identity_login": bool(provider_path()),
    }


def nav(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return _public(request)
    roles: set[str] = set()
    for held in roles_by_agency(user).values():
        roles |= held
    if not roles and not user.is_staff:
        return _public(request)
    items = _items(
        request, [(name, label, key) for name, label, needed, key in MENU if needed is None or roles & needed]
    )
    if user.is_staff:
        items.append({"url": reverse("admin:index"), "label": _("Quản trị"), "key": "", "current": False})
    return {"nav_items": items}
