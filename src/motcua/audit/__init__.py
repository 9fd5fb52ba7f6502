"""Nhật ký truy vết: who changed master data and who read a citizen's personal data (ADR 0003).

Changes to master data are recorded by django-auditlog (``tracked.py`` lists the models); reads
of personal data go to ``PersonalDataAccess`` through ``reads.record_read`` (the desk's
applicant lookup writes there too). The app sits just above ``org`` and names the tracked
models by label, so every app above it may call ``record_read`` without an import cycle.
"""
