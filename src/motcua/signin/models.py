"""Which roles must use the second factor: rows edited by the administrator."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.org.models import Role


class SecondFactorRole(models.Model):
    """Vai trò bắt buộc xác thực hai bước: an officer holding this role (in any agency, today) must
    turn on the second factor before doing anything else."""

    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices, unique=True)
    created_at = models.DateTimeField(_("từ lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("vai trò bắt buộc xác thực hai bước")
        verbose_name_plural = _("vai trò bắt buộc xác thực hai bước")
        ordering = ["role"]

    def __str__(self) -> str:
        return str(Role(self.role).label)


class RateCounter(models.Model):
    """One rate-limit counter of one window (``motcua.ratelimit.CounterCache``): the key names the
    limit, who is counted and the window; ``expires`` is seconds since the epoch."""

    key = models.CharField(max_length=250, primary_key=True)
    value = models.BigIntegerField()
    expires = models.FloatField(db_index=True)

    class Meta:
        verbose_name = _("bộ đếm giới hạn truy cập")
        verbose_name_plural = _("bộ đếm giới hạn truy cập")

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"
