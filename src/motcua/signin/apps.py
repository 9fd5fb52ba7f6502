from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigninConfig(AppConfig):
    name = "motcua.signin"
    label = "signin"
    verbose_name = _("Đăng nhập an toàn")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .secondfactor import remember_at_login

        user_logged_in.connect(remember_at_login, dispatch_uid="motcua.signin.second_factor")
