"""Drop cached reference data of the write path when an administrator edits it in this process.

Other processes (web workers, the worker) see the edit when their one-minute cache expires.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from motcua.catalog.models import Component, Procedure, ProcedureVersion, ProcessStep, ProcessTemplate
from motcua.org.models import Agency, OfficeHoursPeriod

from . import deadlines, services


@receiver([post_save, post_delete], sender=Agency)
@receiver([post_save, post_delete], sender=Procedure)
@receiver([post_save, post_delete], sender=ProcedureVersion)
@receiver([post_save, post_delete], sender=OfficeHoursPeriod)
@receiver([post_save, post_delete], sender=ProcessTemplate)
@receiver([post_save, post_delete], sender=ProcessStep)
@receiver([post_save, post_delete], sender=Component)
def reference_data_changed(**kwargs) -> None:
    services.forget_reference_data()
    services.forget_snapshots()
    deadlines.forget_calendars()
