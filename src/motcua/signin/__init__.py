"""Đăng nhập an toàn: lockout after failed logins (django-axes), the second factor (TOTP,
django-otp) and the roles that must use it, password rules (issue 14, items 7 and 9)."""
