"""Ratings of dossiers (domain §9).

A rating is given **once** and never changed: the satisfaction indicator (domain §7 group 5)
would otherwise move under a report already sent; a citizen who changes their mind sends a
petition instead.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua.dossiers.errors import Forbidden, InvalidInput, NotAllowed, NotFound
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.org.models import Role, User
from motcua.org.selectors import has_role

from ..models import SIPAS_ELEMENTS, Level, Rating, RatingChannel
from ..signals import rating_given
from .common import MAX_COMMENT, clean, now

RATABLE = frozenset({State.READY_FOR_RETURN, State.RETURNED})


def _sipas(sipas: dict | None) -> dict[str, int | None]:
    scores: dict[str, int | None] = {}
    for key, value in (sipas or {}).items():
        if key not in SIPAS_ELEMENTS:
            raise InvalidInput(_("Không có tiêu chí đánh giá «%(k)s».") % {"k": key})
        if value in (None, ""):
            scores[key] = None
            continue
        try:
            score = int(value)
        except (TypeError, ValueError):
            score = 0
        if not 1 <= score <= 5:
            raise InvalidInput(
                _("Điểm «%(element)s» phải từ 1 đến 5.") % {"element": SIPAS_ELEMENTS[key]},
                details={"field": f"sipas_{key}"},
            )
        scores[key] = score
    return scores


def _rating_channel(user: User | None, dossier: Dossier, channel: str | None) -> str:
    """The owner rates on the portal or a kiosk; a desk officer may record a rating for them."""
    if user is None or not user.is_authenticated:
        raise Forbidden(_("Cần đăng nhập để đánh giá hồ sơ."))
    if (getattr(user, "personal_id", "") or "").strip() == dossier.applicant.identifier:
        channel = channel or RatingChannel.PORTAL
        if channel not in (RatingChannel.PORTAL, RatingChannel.KIOSK):
            raise InvalidInput(_("Kênh đánh giá không hợp lệ."))
        return channel
    if has_role(user, dossier.agency_id, [Role.DESK_OFFICER]):
        if channel not in (RatingChannel.DESK, RatingChannel.KIOSK):
            raise InvalidInput(_("Công chức chỉ ghi nhận đánh giá tại quầy hoặc qua máy đánh giá."))
        return channel
    raise Forbidden(_("Chỉ chủ hồ sơ mới được đánh giá hồ sơ này."))


def rate(
    dossier: Dossier | int,
    user: User | None,
    level: str,
    comment: str = "",
    sipas: dict | None = None,
    *,
    channel: str | None = None,
    at: datetime | None = None,
) -> Rating:
    """Đánh giá: the applicant's rating of a dossier that has its result, given once (domain §9)."""
    at = now(at)
    pk = dossier.pk if isinstance(dossier, Dossier) else dossier
    d = Dossier.objects.select_related("applicant").filter(pk=pk).first()
    if d is None:
        raise NotFound(_("Không tìm thấy hồ sơ."))
    channel = _rating_channel(user, d, channel)
    if d.state not in RATABLE:
        raise NotAllowed(
            _("Chỉ đánh giá được khi hồ sơ đã có kết quả (đang ở trạng thái «%(state)s»).")
            % {"state": State(d.state).label},
            code="out_of_turn",
        )
    if level not in Level.values:
        raise InvalidInput(_("Hãy chọn một mức: Hài lòng, Bình thường hoặc Không hài lòng."))
    comment = clean(comment, MAX_COMMENT, _("ý kiến"), field="comment")
    scores = _sipas(sipas)
    already = _("Hồ sơ %(code)s đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần.") % {"code": d.code}
    if Rating.objects.filter(dossier=d).exists():
        raise NotAllowed(already, code="already_rated")
    rating = Rating(
        dossier=d,
        agency_id=d.agency_id,
        level=level,
        comment=comment,
        rated_at=at,
        rated_by=user,
        channel=channel,
        **{f"sipas_{k}": v for k, v in scores.items()},
    )
    try:
        with transaction.atomic():
            rating.save(force_insert=True)
            transaction.on_commit(lambda: rating_given.send(sender=Rating, rating=rating))
    except IntegrityError:  # the same rating posted twice at once: the first one wins
        raise NotAllowed(already, code="already_rated") from None
    return rating
