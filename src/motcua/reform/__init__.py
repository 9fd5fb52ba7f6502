"""Administrative reform management (domain §10): the reform programme around the one-stop desk.

Three Django apps in one package, because they are three aggregates with their own yearly
cycles (ADR 0002): ``parindex`` (PAR-INDEX criteria, self-assessment, appraisal, survey,
ranking), ``plans`` (yearly reform plans, tasks, periodic reports) and ``inspections``
(inspection decisions, visits, findings, ledger reconciliation, conclusions and directives).
``access`` holds the scoping every one of them uses.
"""
