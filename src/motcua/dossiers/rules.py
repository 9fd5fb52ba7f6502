"""Rule sets by regime (bộ quy tắc theo văn bản pháp luật áp dụng).

Every rule that differs between Decree 61/2018/NĐ-CP and Decree 118/2025/NĐ-CP lives here, one
rule-set object per regime; the rest of the code asks ``rules_for(dossier)`` instead of testing
dates. A dossier's regime is chosen by its reception date (or its submission date while it waits
for reception) and stored on the dossier, so a dossier keeps the rules it was received under.
Decree 118 has no clause on dossiers already in progress (Art. 40): applying the old rules to
dossiers received before 1/7/2025 is a project choice. The next decree is a new ``RuleSet``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import models
from django.utils.translation import gettext_lazy as _

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


class Regime(models.TextChoices):
    ND61_2018 = "nd61_2018", _("Nghị định 61/2018/NĐ-CP")
    ND118_2025 = "nd118_2025", _("Nghị định 118/2025/NĐ-CP")


class SupplementModel(models.TextChoices):
    PAUSE = "pause", _("tạm dừng thời hạn")  # 61/2018 practice: the due time moves by the pause
    RESTART = "restart", _("tính lại từ đầu")  # 118/2025 Art. 19.5: full limit from completion


@dataclass(frozen=True)
class RuleSet:
    regime: Regime
    in_force_from: datetime
    # After appraisal: does completion pause or restart the time limit (Art. 19.5)?
    supplement_after_appraisal: SupplementModel
    # Working days after reception within which an appraisal-stage request is on time (Art. 19.5);
    # None: no window. Overridable per procedure version (sector law).
    supplement_window_working_days: int | None
    # Calendar days after the supplement notice before the desk closes the dossier (Art. 19.5);
    # None: no closing outcome.
    close_after_days: int | None
    # Only the one-stop desk may issue a supplement request after appraisal (Art. 5.1.e, 19.5).
    supplement_through_desk: bool
    # Late dossiers: "apology" (61/2018 Art. 20, form 04 xin lỗi và hẹn lại) or "extension"
    # (118/2025 Art. 19.6, form 04 đề nghị gia hạn, applied by the desk).
    late_kind: str
    # Form titles by number, read by forms_pdf (form set of the regime).
    form_titles: dict[str, str]
    # The dossier code is not here: every code issued from now on is under Decree 118 (prefix of the
    # competent authority, Art. 28), laid out by MOTCUA_DOSSIER_CODE_TEMPLATE in ``services``;
    # codes of older dossiers are never issued again.

    @property
    def restarts_after_supplement(self) -> bool:
        return self.supplement_after_appraisal == SupplementModel.RESTART


ND61_2018 = RuleSet(
    regime=Regime.ND61_2018,
    in_force_from=datetime(2018, 6, 21, tzinfo=VIETNAM),
    supplement_after_appraisal=SupplementModel.PAUSE,
    supplement_window_working_days=None,
    close_after_days=None,
    supplement_through_desk=False,
    late_kind="apology",
    form_titles={
        "01": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        "02": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
        "03": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
        "04": "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
    },
)

ND118_2025 = RuleSet(
    regime=Regime.ND118_2025,
    in_force_from=datetime(2025, 7, 1, tzinfo=VIETNAM),
    supplement_after_appraisal=SupplementModel.RESTART,
    supplement_window_working_days=3,
    close_after_days=15,
    supplement_through_desk=True,
    late_kind="extension",
    form_titles={
        "01": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        "02": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
        "03": "Phiếu từ chối giải quyết hồ sơ thủ tục hành chính",
        "04": "Phiếu đề nghị gia hạn thời gian giải quyết",
    },
)

# Newest last: a moment belongs to the last rule set in force at that moment.
RULE_SETS: tuple[RuleSet, ...] = (ND61_2018, ND118_2025)
BY_REGIME = {r.regime.value: r for r in RULE_SETS}


def regime_at(moment: datetime) -> str:
    """The regime of a dossier received (or submitted) at ``moment``."""
    chosen = RULE_SETS[0]
    for rule_set in RULE_SETS:
        if moment >= rule_set.in_force_from:
            chosen = rule_set
    return chosen.regime.value


def rule_set(regime: str) -> RuleSet:
    return BY_REGIME.get(regime) or RULE_SETS[-1]


def rules_for(dossier) -> RuleSet:
    """The rule set a dossier follows: its stored regime, or the one of its dates if not yet set."""
    if getattr(dossier, "regime", ""):
        return rule_set(dossier.regime)
    moment = dossier.received_at or dossier.submitted_at
    return rule_set(regime_at(moment)) if moment else RULE_SETS[-1]


def supplement_window(dossier) -> int | None:
    """Working days after reception for an appraisal-stage supplement request (procedure first)."""
    own = getattr(dossier.procedure_version, "supplement_window_working_days", None)
    return own if own is not None else rules_for(dossier).supplement_window_working_days
