"""Page forms: they only shape the input; the rules live in ``feedback.services``."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.org.models import Agency

from .models import SIPAS_ELEMENTS, SIPAS_SCORES, Level, PetitionKind


class RatingForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Mức độ hài lòng"),
        choices=Level.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn một mức: Hài lòng, Bình thường hoặc Không hài lòng.")},
    )
    comment = forms.CharField(label=_("Ý kiến góp ý (không bắt buộc)"), required=False, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in SIPAS_ELEMENTS.items():
            self.fields[f"sipas_{key}"] = forms.TypedChoiceField(
                label=label,
                choices=SIPAS_SCORES,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )

    def sipas_fields(self):
        return [self[f"sipas_{key}"] for key in SIPAS_ELEMENTS]

    def sipas(self) -> dict:
        return {key: self.cleaned_data.get(f"sipas_{key}") for key in SIPAS_ELEMENTS}


class PetitionForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Cơ quan nhận phản ánh, kiến nghị"),
        queryset=Agency.objects.filter(active=True).order_by("name"),
        empty_label=_("— Chọn cơ quan —"),
        error_messages={"required": _("Hãy chọn cơ quan nhận phản ánh.")},
    )
    kind = forms.ChoiceField(label=_("Loại"), choices=PetitionKind.choices)
    dossier_code = forms.CharField(label=_("Mã hồ sơ liên quan (nếu có)"), required=False, max_length=64)
    sender_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    personal_id = forms.CharField(label=_("Số định danh cá nhân"), max_length=12)
    phone = forms.CharField(label=_("Điện thoại"), required=False, max_length=20)
    email = forms.CharField(label=_("Thư điện tử"), required=False, max_length=254)
    content = forms.CharField(label=_("Nội dung phản ánh, kiến nghị"), widget=forms.Textarea)
    key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("key", uuid.uuid4().hex)
        self.fields["sender_name"].error_messages["required"] = _("Cần nhập họ và tên người gửi.")
        self.fields["personal_id"].error_messages["required"] = _("Cần nhập số định danh cá nhân.")
        self.fields["content"].error_messages["required"] = _("Cần nhập nội dung phản ánh, kiến nghị.")
