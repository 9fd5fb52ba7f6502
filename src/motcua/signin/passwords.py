"""Password rules beyond Django's own: the similarity check also on accent-free text."""

from django.contrib.auth import password_validation
from django.contrib.auth.password_validation import UserAttributeSimilarityValidator
from django.utils.translation import gettext as _

from motcua.catalog.text import strip_accents


class AttributeSimilarityValidator(UserAttributeSimilarityValidator):
    """Django's similarity check (username, full name, personal ID, e-mail), run a second time with
    the accents taken off both sides: "nguyenvanbinh" is as weak as "Nguyễn Văn Bình"."""

    def validate(self, password, user=None):
        super().validate(password, user)
        if user is None:
            return
        bare = type(user)()
        for name in self.user_attributes:
            value = getattr(user, name, None)
            if isinstance(value, str):
                setattr(bare, name, strip_accents(value))
        # verbose names are read from the model's fields, so the message names the same field.
        super().validate(strip_accents(password), bare)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule with a message of our own: Django 5.2 changed the wording of its
    message, and its Vietnamese catalogue still has the old one (the page fell back to English)."""

    def get_error_message(self) -> str:
        return _("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return _("Mật khẩu phải có ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}
