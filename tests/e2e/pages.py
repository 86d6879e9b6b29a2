"""What several browser tests do on the pages: signing in."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Account


def sign_in(page: Page, account: Account) -> None:
    """Username and password on the sign-in page; returns once signed in (no second factor)."""
    submit_password(page, account)
    expect_signed_in(page, account)


def submit_password(page: Page, account: Account) -> None:
    page.goto("/login")
    expect(page.get_by_test_id("login-form")).to_be_visible()
    page.get_by_test_id("login-username").fill(account.username)
    page.get_by_test_id("login-password").fill(account.password)
    page.get_by_test_id("login-submit").click()


def expect_signed_in(page: Page, account: Account) -> None:
    expect(page.get_by_test_id("user-menu")).to_contain_text(account.display_name)
    expect(page).not_to_have_url(re.compile(r"/login"))
