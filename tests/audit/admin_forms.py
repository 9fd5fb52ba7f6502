"""Post an admin change page back as the browser would: every field with its current value."""


def _form_fields(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, (list, tuple)):
            data[key] = [str(v) for v in value]
        else:
            data[key] = field.widget.format_value(value) if hasattr(field.widget, "format_value") else value
            if data[key] is None:
                data[key] = ""
    return data


def current_values(response) -> dict:
    """The data the change page would post unchanged: main form, then every inline formset."""
    data = _form_fields(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_fields(formset.management_form))
        for form in formset.forms:
            data.update(_form_fields(form))
    return data
