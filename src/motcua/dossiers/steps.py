"""Who may act at which step of a dossier's internal process (domain §3 "internal process" and
§4 rule 5 "processing follows the internal process").

A dossier carries the snapshot of its internal process copied at reception
(``Dossier.process_steps``: order, name, role, agency_id, budget) and the index of the step it is
at (``step_index``; −1 while it is received and nobody has taken it into the process yet). The
write path (``services``) asks these questions before every processing action, inside its lock;
the officers' pages ask the same ones to offer only the actions and the people that would pass.

The rules:

- **The step being worked on** is the current step. A dossier just received (−1) is at its first
  step, which runs from the moment of reception: in the usual process that is the desk's
  "Tiếp nhận, chuyển hồ sơ", and its budget is the transfer deadline of Decree 118 Art. 18.1.
- **Forward, send back, hand off** from a step: a user holding the step's role at the step's
  agency, or a head or leader of that agency stepping in (the same stepping in as for a dossier
  assigned to someone else, ``_check_holder`` of the write path). Nobody else — a clerk cannot
  move a specialist's appraisal on.
- **The receiver of a forward** holds the next step's role at the next step's agency (an active
  membership today); without a receiver, whoever holds that role there takes it up.
- **Assign** gives the step being worked on to someone holding its role there. A head therefore
  cannot jump a specialist into the desk's reception step (the specialist would spend the desk's
  budget, and the control sheet would show the appraisal starting before the transfer): the desk
  officer finishes that step by forwarding to the specialist, or the head assigns it to a desk
  officer.
- **Approve** at the step whose role is leader (at the last step when the process has no leader
  step); a leader's step is only left once approved.
- **Issue the result** at the last step only (every earlier step done), by its holder.
- While the dossier is handed off to another agency (liên thông), the process waits: it is moved
  on only after the hand-back.
- A dossier without a process (no steps) keeps the rules of the transition table alone.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from motcua.org.models import Agency, Role, User
from motcua.org.selectors import has_role

from .errors import Forbidden, InvalidInput, NotAllowed
from .models import Dossier

MANAGERS = (Role.HEAD, Role.LEADER)


def working_index(d: Dossier) -> int | None:
    """Index of the step being worked on; ``None`` for a dossier without a process."""
    if not d.process_steps:
        return None
    return min(max(d.step_index, 0), len(d.process_steps) - 1)


def working_step(d: Dossier) -> dict | None:
    index = working_index(d)
    return None if index is None else d.process_steps[index]


def next_step(d: Dossier) -> dict | None:
    index = working_index(d)
    if index is None or index + 1 >= len(d.process_steps):
        return None
    return d.process_steps[index + 1]


def step_agency_id(d: Dossier, step: dict) -> int:
    return step.get("agency_id") or d.agency_id


def is_last(d: Dossier) -> bool:
    return bool(d.process_steps) and working_index(d) == len(d.process_steps) - 1


def approval_indexes(d: Dossier) -> set[int]:
    """Where approval happens: the leader's steps, else the last step."""
    leaders = {i for i, s in enumerate(d.process_steps) if s.get("role") == Role.LEADER}
    return leaders or {len(d.process_steps) - 1}


def _role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def _agency_name(agency_id: int) -> str:
    agency = Agency.objects.filter(pk=agency_id).only("name").first()
    return agency.name if agency else str(agency_id)


def _step_label(step: dict) -> str:
    return f"{step['order']}. {step['name']}"


def holds(user: User | None, d: Dossier, step: dict) -> bool:
    """``user`` holds the step's role at the step's agency today."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return has_role(user, step_agency_id(d, step), [step["role"]])


def may_work(user: User | None, d: Dossier, step: dict) -> bool:
    """The step's role holder, or a head or leader of the step's agency stepping in."""
    if user is None or not user.is_authenticated:
        return False
    return has_role(user, step_agency_id(d, step), [step["role"], *MANAGERS])


# ------------------------------------------------------------------- checks (raise, change nothing)


def check_not_handed_off(d: Dossier) -> None:
    if d.handoff_from_id:
        raise NotAllowed(
            _("Hồ sơ đang liên thông tại %(agency)s; cơ quan phối hợp cần trả lại trước khi xử lý tiếp.")
            % {"agency": d.current_agency.name},
            code="handed_off",
        )


def check_worker(d: Dossier, actor: User | None, action: str) -> None:
    """``actor`` may move the dossier on from the step being worked on."""
    step = working_step(d)
    if step is None or may_work(actor, d, step):
        return
    raise Forbidden(
        _(
            "Bước «%(step)s» do %(role)s của %(agency)s thực hiện; "
            "tài khoản không thể «%(action)s» ở bước này."
        )
        % {
            "step": _step_label(step),
            "role": _role_label(step["role"]),
            "agency": _agency_name(step_agency_id(d, step)),
            "action": action,
        },
        code="not_step_holder",
    )


def check_forward(d: Dossier, actor: User | None) -> None:
    """Everything about a forward but its receiver."""
    if not d.process_steps:
        return
    check_not_handed_off(d)
    if is_last(d):
        raise NotAllowed(_("Hồ sơ đang ở bước cuối của quy trình; hãy ban hành kết quả."), code="last_step")
    check_worker(d, actor, _("Chuyển bước tiếp theo"))
    step = working_step(d)
    if step["role"] == Role.LEADER and d.approved_at is None:
        raise NotAllowed(
            _("Bước «%(step)s» cần lãnh đạo phê duyệt trước khi chuyển bước tiếp theo.")
            % {"step": _step_label(step)},
            code="not_approved",
        )


def check_receiver(d: Dossier, user: User | None) -> None:
    """The receiver of a forward holds the next step's role at the next step's agency."""
    step = next_step(d)
    if user is None or step is None or holds(user, d, step):
        return
    raise InvalidInput(
        _("%(name)s không phải %(role)s của %(agency)s nên không nhận được bước «%(step)s».")
        % {
            "name": user,
            "role": _role_label(step["role"]),
            "agency": _agency_name(step_agency_id(d, step)),
            "step": _step_label(step),
        },
        code="not_step_receiver",
    )


def check_assignee(d: Dossier, assignee: User) -> bool:
    """``assignee`` may be given the step being worked on; ``False`` when the process has no say
    (no steps, or the dossier is with a partner agency, whose own officers take it)."""
    step = working_step(d)
    if step is None or d.handoff_from_id:
        return False
    if holds(assignee, d, step):
        return True
    raise InvalidInput(
        _(
            "Bước «%(step)s» là việc của %(role)s của %(agency)s; %(name)s không có vai trò này. "
            "Người đang giữ bước này chuyển hồ sơ sang bước sau."
        )
        % {
            "step": _step_label(step),
            "role": _role_label(step["role"]),
            "agency": _agency_name(step_agency_id(d, step)),
            "name": assignee,
        },
        code="not_step_holder",
    )


def check_approve(d: Dossier) -> None:
    if not d.process_steps:
        return
    check_not_handed_off(d)
    places = approval_indexes(d)
    if working_index(d) in places:
        return
    wanted = ", ".join(f"«{_step_label(d.process_steps[i])}»" for i in sorted(places))
    raise NotAllowed(
        _("Chỉ phê duyệt được ở bước %(wanted)s; hồ sơ đang ở bước «%(current)s».")
        % {"wanted": wanted, "current": _step_label(working_step(d))},
        code="not_approval_step",
    )


def check_issue(d: Dossier, actor: User | None) -> None:
    """The result is issued at the last step, by whoever may work on it."""
    if not d.process_steps:
        return
    check_not_handed_off(d)
    if not is_last(d):
        raise NotAllowed(
            _(
                "Chưa thể ban hành kết quả: hồ sơ đang ở bước «%(current)s», chưa qua hết các bước "
                "của quy trình (bước cuối: «%(last)s»)."
            )
            % {"current": _step_label(working_step(d)), "last": _step_label(d.process_steps[-1])},
            code="not_last_step",
        )
    check_worker(d, actor, _("Ban hành kết quả"))
