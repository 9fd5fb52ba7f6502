"""Decision 766 indicators: facts, formulas, drill-down, targets and rankings (domain §7, rule 5).

The Python API for pages, charts and exports:

- **Facts** (``models.DailyFact``, ``models.StepFact``): counters per (day, receiving agency,
  procedure version), kept by ``receivers`` in the transaction of every transition
  (``dossier_changed``) and after payments and ratings. ``facts.record_fact_delta(day, agency_id,
  version_id, **counters)`` and ``facts.add_facts(rows)`` add counters in bulk with the same
  upsert (for generators and imports); ``facts.dossier_deltas`` says what a transition adds.
- **Rebuild** (``rebuild.rebuild(from_date=None, to_date=None, check=False) -> [Difference]``;
  command ``motcua manage rebuild_facts [--check] [--from D] [--to D]``, exit 1 on a difference).
- **Periods and scopes** (``periods``): ``Period(start, end)``, ``Period.month/quarter/year``;
  a scope is an ``Agency``, an ``AdministrativeUnit`` (rolled up its subtree) or ``Scope``.
- **Formulas** (``formulas`` + ``figures``): ``INDICATORS[key].func(scope, period, now=None) ->
  values.Value`` with ``measured``, ``part``, ``whole``, ``rate``, ``points``, ``number``,
  ``display()`` ("chưa đo được" when not measured); tables ``figures.dossiers_by_channel``,
  ``figures.processing_time_by_procedure``, ``figures.bottlenecks``.
- **Scores, targets, rankings** (``scoring``): ``scorecard(scope, period)`` (groups, total,
  band from ``values.bands()``), ``measure(key, scope, period)`` (also "score_total",
  "score_group_<g>"), ``compliance(target) -> (value, met, gap)``,
  ``ranking(subjects, key, period) -> [Ranked]``; ``models.Target`` holds the chỉ tiêu.
- **Drill-down** (``selectors.behind(key, scope, period, "part" | "whole", user=...)``): the
  dossiers behind a figure, scoped by ``visible_dossiers(user)``; counts equal the figure's.
"""
