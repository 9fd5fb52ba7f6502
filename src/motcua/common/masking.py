"""Personal contact details shown partly: enough for their owner to recognise, too little to use."""


def mask_phone(phone: str) -> str:
    """0912345678 → 09******78."""
    digits = "".join(c for c in phone or "" if c.isdigit())
    if len(digits) < 6:
        return "*" * len(digits)
    return digits[:2] + "*" * (len(digits) - 4) + digits[-2:]


def mask_email(email: str) -> str:
    """an@example.vn → a*@example.vn; nhung.vu@example.vn → n******u@example.vn."""
    local, _at, domain = (email or "").partition("@")
    if len(local) <= 4:
        hidden = local[:1] + "*" * max(len(local) - 1, 1)
    else:
        hidden = local[0] + "*" * (len(local) - 2) + local[-1]
    return f"{hidden}@{domain}"
