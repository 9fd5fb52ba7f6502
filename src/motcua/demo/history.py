"""The demo province's dossiers since January 2025, created through the real services.

The history spans the reorganisation of 1 July 2025: before it, dossiers are received by the old
districts' and communes' desks (they keep their old unit) under Decree 61/2018 — the clock pauses
for a supplement, a late dossier gets the 2018 apology letter —; from it, by the new communes and
the city's centre under Decree 118/2025 — the supplement goes through the desk and restarts the
limit, an unsupplemented dossier is closed after 15 days, a late one gets an extension request
applied by the desk (never the 2018 apology), some are received at a commune for a city procedure
(boundary-free), and online dossiers are answered within 8 working hours or not.

Each dossier gets a plan (channel, outcome, speed, supplements, apology, return) and its actions
are performed in time order with explicit moments; an action whose moment lies in the future is
not performed, so recent dossiers stay open exactly as in a live office.
"""

import json
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from motcua.catalog.models import ProcessTemplate
from motcua.catalog.selectors import version_in_force
from motcua.dossiers import deadlines, rules, services
from motcua.dossiers.errors import DossierError
from motcua.dossiers.states import Channel
from motcua.org.models import Membership, Role
from motcua.org.selectors import remember_roles

from .names import person
from .predecessors import MERGER_DAY
from .province import Province

SINCE = date(2025, 1, 2)  # the history starts with the first working day of 2025

BUSINESS = ["Hộ kinh doanh", "Công ty TNHH", "Công ty cổ phần"]
WORDS = [
    "Hải Long",
    "Cát Bi",
    "Đồ Sơn",
    "Bạch Đằng",
    "Tiên Lãng",
    "Vĩnh Bảo",
    "Thành Đông",
    "Kinh Môn",
    "Nam Sách",
]


@dataclass
class Action:
    at: datetime
    run: Callable[[], object]


def _progress(done: int, target: int) -> None:
    path = settings.DATA_DIR / "demo-progress.json"
    path.write_text(json.dumps({"done": done, "target": target, "at": timezone.now().isoformat()}))


def progress() -> dict | None:
    path = settings.DATA_DIR / "demo-progress.json"
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


# While the demo history is written, the embedded database trades durability for speed on this
# connection only: a crash of the machine (not of the program) could lose the history, which the
# next `motcua demo` simply generates again. The settings of `settings.py` come back afterwards.
QUICK_SQLITE = {
    "synchronous": ("OFF", "NORMAL"),
    "cache_size": ("-262144", "-2000"),  # 256 MiB of page cache instead of 2 MiB
    "temp_store": ("MEMORY", "DEFAULT"),
    "mmap_size": ("268435456", "0"),
}


@contextmanager
def quick_sqlite() -> Iterator[None]:
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        for name, (fast, _usual) in QUICK_SQLITE.items():
            cursor.execute(f"PRAGMA {name} = {fast}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name, (_fast, usual) in QUICK_SQLITE.items():
                cursor.execute(f"PRAGMA {name} = {usual}")


class History:
    def __init__(
        self,
        province: Province,
        *,
        target: int = 20_000,
        days: int | None = None,
        seed: int = 2026,
        now: datetime | None = None,
    ):
        """``days``: the last ``days`` days; by default since ``SINCE`` (both decrees)."""
        self.p = province
        self.rng = random.Random(seed)
        self.target = target
        self.now = now or timezone.now()
        today = timezone.localdate(self.now)
        self.start = today - timedelta(days=days) if days is not None else min(SINCE, today)
        self.templates = self._templates()
        self.old_roles = self._old_roles()
        self.serial = 0
        self.refused: list[str] = []

    # ----------------------------------------------------------------- set-up

    def _templates(self) -> dict[int, list[tuple]]:
        """Per receiving agency: (version, weight) of procedures with a process there."""
        today = timezone.localdate(self.now)
        out: dict[int, list[tuple]] = {}
        versions: dict[int, object] = {}
        for t in ProcessTemplate.objects.select_related("procedure__field", "agency"):
            if t.procedure_id not in versions:
                versions[t.procedure_id] = version_in_force(t.procedure, today)
                if versions[t.procedure_id] is not None:
                    versions[t.procedure_id].procedure = t.procedure  # one object per procedure
            version = versions[t.procedure_id]
            if version is None:
                continue
            # Certification and civil status are the bulk of a commune desk's day.
            weight = {"Chứng thực": 8, "Hộ tịch": 5}.get(t.procedure.field.name, 1)
            out.setdefault(t.agency_id, []).append((version, weight))
        return out

    def _old_roles(self) -> dict:
        """The roles the old desks' officers held until 30/06/2025, as (agency, role) pairs per user."""
        old = {a.pk for a in self.p.old_agencies}
        pairs: dict[int, list[tuple[int, str]]] = {}
        for user_id, agency_id, role in Membership.objects.filter(agency_id__in=old).values_list(
            "user_id", "agency_id", "role"
        ):
            pairs.setdefault(user_id, []).append((agency_id, role))
        return pairs

    def _as_then(self) -> None:
        """The services check today's roles; the history replays what the old desks' officers did
        while they held their posts, so their roles of that time are put on their user objects
        (for today only: the next batch does it again)."""
        today = timezone.localdate()
        for roles in (self.p.staff[a.pk] for a in self.p.old_agencies):
            for users in roles.values():
                for user in users:
                    remember_roles(user, today, self.old_roles.get(user.pk, []))

    def _components(self, version) -> list[dict]:
        cache = self.__dict__.setdefault("_comps", {})
        if version.pk not in cache:
            cache[version.pk] = [
                {"component_id": c.pk} for c in version.components.all() if c.required and c.mode == "nop"
            ]
        return cache[version.pk]

    def _user(self, agency_id: int, role: str):
        return self.rng.choice(self.p.staff[agency_id][role])

    def _applicant(self, version) -> dict:
        self.serial += 1
        business = "kinh doanh" in version.procedure.field.name.lower()
        if "doanh nghiệp" in version.procedure.name.lower() or business:
            name = f"{self.rng.choice(BUSINESS)} {self.rng.choice(WORDS)} {self.serial}"
            if "Hộ kinh doanh" in name:
                kind, ident = 1, self._personal_id()
            else:
                kind, ident = 2, f"02{self.serial:08d}"
            return {
                "kind": kind,
                "identifier": ident,
                "name": name,
                "address": "Hải Phòng",
                "phone": f"09{self.rng.randrange(10**8):08d}",
            }
        name = person(self.rng)
        return {
            "kind": 1,
            "identifier": self._personal_id(),
            "name": name,
            "address": f"Số {self.rng.randrange(1, 300)}, {self.rng.choice(WORDS)}, Hải Phòng",
            "phone": f"09{self.rng.randrange(10**8):08d}",
            "email": "",
        }

    def _personal_id(self) -> str:
        # 031 Hải Phòng / 030 Hải Dương birth registration; century-sex digit; birth year; serial.
        century = self.rng.choice("0101232")
        year = self.rng.randrange(40, 100) if century in "01" else self.rng.randrange(0, 24)
        return f"{self.rng.choice(['031', '030'])}{century}{year:02d}{self.serial:06d}"

    # ----------------------------------------------------------------- run

    def run(self, report: Callable[[int], None] | None = None, batch: int = 100) -> int:
        """Create ``target`` dossiers over the period, oldest first. Returns how many were made."""
        with quick_sqlite():
            return self._run(report, batch)

    def _run(self, report: Callable[[int], None] | None, batch: int) -> int:
        days = self._working_days()
        per_day = self.target / len(days)
        made, carry = 0, 0.0
        pending: list[tuple] = []
        for day in days:
            carry += per_day * (1.25 if day.weekday() == 0 else 1.0) * self.rng.uniform(0.8, 1.15)
            count = min(int(carry), self.target - made - len(pending))
            carry -= count
            pending.extend(self._moments(day, count))
            if len(pending) >= batch or day == days[-1]:
                made += self._batch(sorted(pending, key=lambda x: x[0]))
                pending = []
                _progress(made, self.target)
                if report:
                    report(made)
        while made < self.target:  # rounding leftovers land on the last day
            made += self._batch(self._moments(days[-1], min(batch, self.target - made)))
            _progress(made, self.target)
        return made

    def _working_days(self) -> list[date]:
        cal = deadlines.calendar_for(self.p.centre)
        day, end, out = self.start, timezone.localdate(self.now), []
        while day <= end:
            if cal.is_working_day(day):
                out.append(day)
            day += timedelta(days=1)
        return out

    def _moments(self, day: date, count: int) -> list[tuple]:
        tz = timezone.get_current_timezone()
        out = []
        centre, *local = self.p.receiving_on(day)
        for _ in range(count):
            minute = self.rng.choice([self.rng.randrange(450, 690), self.rng.randrange(780, 1020)])
            at = datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=tz)
            if at <= self.now:
                agency = centre if self.rng.random() < 0.2 else self.rng.choice(local)
                out.append((at, agency))
        return out

    def _batch(self, moments: list[tuple]) -> int:
        made = 0
        if moments and timezone.localdate(moments[0][0]) < MERGER_DAY:
            self._as_then()
        with transaction.atomic():
            for at, agency in moments:
                try:
                    self._one(at, agency)  # each service call is its own savepoint
                    made += 1
                except DossierError:
                    continue  # a plan the rules refused (kept out, as a real office would)
        return made

    # ----------------------------------------------------------------- one dossier

    def _one(self, at: datetime, agency) -> None:
        new = rules.regime_at(at) == rules.Regime.ND118_2025
        r = self.rng.random
        competent = agency
        if new and agency in self.p.communes and r() < 0.04:
            # Boundary-free (Decree 118/2025 Art. 14.2, 20.1): a commune centre receives a city
            # procedure and the city's centre decides it; the result comes back to the commune.
            competent = self.p.centre
        choices = self.templates.get(competent.pk)
        if not choices:
            return
        version = self.rng.choices([c[0] for c in choices], weights=[c[1] for c in choices])[0]
        channel = (
            Channel.ONLINE if r() < 0.58 else (Channel.POST if version.postal and r() < 0.1 else Channel.DESK)
        )
        desk = self._user(agency.pk, Role.DESK_OFFICER)
        comps = self._components(version)
        applicant = self._applicant(version)
        common = {
            "version": version,
            "agency": agency,
            "applicant": applicant,
            "components": comps,
            "summary": version.procedure.name[:200],
        }
        if competent is not agency:
            common["competent_agency"] = competent
        accept_at = None
        if channel == Channel.ONLINE:
            # Decree 118/2025 Art. 17.2: answered within 8 working hours — one in ten is not.
            hours = self.rng.uniform(8.5, 14) if new and r() < 0.1 else self.rng.uniform(0.2, 6)
            accept_at = self._later(agency, at, hours)
            if not new and timezone.localdate(accept_at) >= MERGER_DAY:
                channel = Channel.DESK  # an old desk's last days: no answer after it closed
        if channel == Channel.ONLINE:
            d = services.receive(actor=None, channel=channel, at=at, **common).dossier
            if accept_at > self.now:
                return
            if r() < 0.02:
                if rules.regime_at(at) == rules.Regime.ND118_2025:  # Art. 17.2.b: guide, not refuse
                    services.redirect(
                        d.pk,
                        actor=desk,
                        guidance="Thủ tục thuộc thẩm quyền của Ủy ban nhân dân cấp xã nơi cư trú; "
                        "đề nghị nộp lại qua Cổng Dịch vụ công.",
                        at=accept_at,
                    )
                    return
                services.refuse_reception(
                    d.pk, actor=desk, reasons=["Hồ sơ không thuộc thẩm quyền giải quyết"], at=accept_at
                )
                return
            d = services.accept(d.pk, actor=desk, at=accept_at)
        else:
            roll = r()
            if roll < 0.03:
                services.receive(
                    actor=desk,
                    channel=channel,
                    at=at,
                    outcome="refuse",
                    items=["Thủ tục không thuộc thẩm quyền tiếp nhận của cơ quan"],
                    **common,
                )
                return
            d = services.receive(actor=desk, channel=channel, at=at, **common).dossier
        self._process(d, competent, desk, applicant["name"])

    def _later(self, agency, at: datetime, hours: float) -> datetime:
        cal = deadlines.calendar_for(agency)
        return cal.add_working_time(cal.next_opening(at), timedelta(hours=hours))

    def _process(self, d, agency, desk, applicant_name: str) -> None:
        """Plan the dossier's path, then perform each action whose moment has come.

        ``agency`` decides the dossier (the competent authority); ``desk`` is an officer of the
        receiving desk, which asks for supplements, adjusts appointments and returns the result."""
        cal = deadlines.calendar_for(agency)
        r = self.rng.random
        new = rules.rules_for(d).supplement_through_desk  # Decree 118/2025
        t0 = d.received_at
        span = cal.working_time_between(t0, d.due_at) if d.due_at else timedelta(hours=8)
        roll = r()
        # 82 % early, 10 % on the due day, 8 % late — near the rates provinces publish.
        factor = (
            self.rng.uniform(0.15, 0.85)
            if roll < 0.82
            else self.rng.uniform(0.9, 0.999)
            if roll < 0.92
            else self.rng.uniform(1.03, 1.6)
        )
        work = span * factor
        steps = d.process_steps or []
        shares = [float(s["budget"]) for s in steps]
        total = sum(shares) or 1.0

        def at(frac: float, extra: timedelta = timedelta()) -> datetime:
            return cal.add_working_time(t0, work * frac + extra)

        plan: list[Action] = []

        def add(moment: datetime, service, **kwargs) -> None:
            plan.append(Action(moment, lambda m=moment: service(d.pk, at=m, **kwargs)))

        if d.paper_due_at is not None and d.channel != Channel.ONLINE:
            # Boundary-free: the paper follows within 1 working day (Art. 20.1.a), mostly in time.
            add(
                cal.add_working_time(t0, timedelta(hours=self.rng.uniform(0.5, 9))),
                services.transfer_paper,
                actor=desk,
            )
        holder = self._user(agency.pk, Role.DESK_OFFICER)
        add(at(0.01), services.assign, actor=self._user(agency.pk, Role.HEAD), assignee=holder)
        holders = [(t0, agency.pk)]  # which agency holds the dossier from when
        special, paused, cumulative = r(), timedelta(), 0.0
        for k, step in enumerate(steps[:-1]):
            cumulative += shares[k] / total
            moment = at(cumulative, paused)
            if step["role"] == Role.LEADER:
                add(max(moment - timedelta(minutes=10), plan[-1].at), services.approve, actor=holder)
            if k == 1 and special < 0.07:  # a supplement during appraisal pauses the clock
                # Never before what was done already (a short time limit leaves little room).
                asked = max(moment - timedelta(minutes=30), plan[-1].at)
                items = ["Bổ sung bản sao giấy tờ chứng minh quan hệ nhân thân"]
                asker = holder
                if rules.rules_for(d).supplement_through_desk:  # Decree 118/2025 Art. 19.5
                    add(asked, services.propose_supplement, actor=holder, items=items)
                    asker = desk
                add(asked, services.request_supplement, actor=asker, items=items)
                if new and r() < 0.3:
                    # Not supplemented: on the desk's list 15 days after the notice, then closed.
                    days = rules.rules_for(d).close_after_days
                    add(
                        self._later(d.agency, services.closing_opens(asked, days), self.rng.uniform(0.5, 16)),
                        services.close,
                        actor=desk,
                    )
                    break
                paused = timedelta(hours=self.rng.uniform(4, 40))
                add(
                    cal.add_working_time(asked, paused),
                    services.complete_supplement,
                    actor=desk,
                )
                moment = at(cumulative, paused)
            elif k == 1 and special < 0.09:
                add(
                    moment,
                    services.refuse,
                    actor=self._user(step["agency_id"], Role.LEADER),
                    reasons=["Không đủ điều kiện theo quy định"],
                )
                break
            elif k == 0 and 0.09 <= special < 0.10:
                add(moment, services.withdraw, actor=desk, reason="Người nộp có đơn xin rút hồ sơ")
                break
            nxt = steps[k + 1]
            receiver = self._user(nxt["agency_id"], nxt["role"])
            add(moment, services.forward, actor=holder, to_user=receiver)
            holders.append((moment, nxt["agency_id"]))
            holder = receiver
        else:
            end = at(1.0, paused)
            if steps and steps[-1]["role"] == Role.LEADER:
                add(max(end - timedelta(minutes=10), plan[-1].at), services.approve, actor=holder)
            # Late: a day before the due time — when there is a day between reception and due —
            # the 2018 apology letter (Decree 61/2018), or from 1/7/2025 the extension request
            # (Decree 118/2025 Art. 19.6), a few filed late, applied by the desk.
            reason = "Hồ sơ cần xác minh thêm với cơ quan liên quan"
            if factor > 1 and d.due_at and d.due_at - timedelta(days=1) > t0 and r() < 0.6:
                asked = d.due_at - (timedelta(hours=2) if new and r() < 0.2 else timedelta(days=1))
                proposed = cal.add_working_time(end, timedelta(hours=8))
                if not new:
                    add(
                        asked,
                        services.issue_apology,
                        actor=self._user(agency.pk, Role.HEAD),
                        reason=reason,
                        new_due_at=proposed,
                    )
                elif paused == timedelta():  # a restarted limit moved the due time: no extension
                    holding = max((h for h in holders if h[0] <= asked), key=lambda h: h[0])[1]
                    add(
                        asked,
                        services.request_extension,
                        actor=self._user(holding, Role.HEAD),
                        reason=reason,
                        new_due_at=proposed,
                    )
                    add(
                        min(
                            self._later(d.agency, asked, self.rng.uniform(0.2, 3)),
                            end - timedelta(minutes=20),
                        ),
                        services.apply_extension,
                        actor=desk,
                    )
            add(end, services.issue_result, actor=holder)
            method = "electronic" if d.channel == Channel.ONLINE and r() < 0.4 else "desk"
            add(
                self._later(agency, end, self.rng.uniform(1, 30)),
                services.return_result,
                actor=desk,
                method=method,
                receiver=applicant_name if method == "desk" else "",
            )
        for action in sorted(plan, key=lambda a: a.at):
            if action.at > self.now:
                return
            try:
                action.run()
            except DossierError as exc:
                self.refused.append(f"{d.code}: {exc.message}")
                return  # the office would stop here too; the dossier stays as it is
