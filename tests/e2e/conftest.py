"""Browser tests: Playwright driving Debian's Chromium against Django's live server.

The browser is the system's own (`apt-get install chromium`); Playwright's downloaded browsers
are not used, so the tests run on a machine that reaches only the package registries.
"""

import os
import shutil

import pytest

# Playwright's sync API keeps an event loop in the test thread; the ORM calls made by the test
# itself (setting up a scene, checking the database) are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("MOTCUA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    if not os.path.exists(CHROMIUM):
        skip = pytest.mark.skip(reason="không có Chromium (apt-get install chromium)")
        for item in items:
            if "e2e" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "viewport": {"width": 1366, "height": 900}}


@pytest.fixture
def officer_login(page, live_server):
    """Log a user in through the login page, as a person would."""

    def login(user, password="mat-khau-rat-dai-2026"):
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(user.username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url("**/can-bo/")
        return page

    return login


@pytest.fixture
def citizen_login(page, live_server):
    """Log a citizen in on the portal's login page with the personal ID and password."""

    def login(user, password="mat-khau-cong-dan-2026"):
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/cong-dan/dang-nhap/")
        page.get_by_label("Số định danh cá nhân / mã số doanh nghiệp").fill(user.personal_id)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập", exact=True).click()
        page.wait_for_url("**/cong-dan/ho-so/")
        return page

    return login
