"""What several browser tests do on the pages: signing in, Element Plus selects and
confirmation boxes."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import Account


def sign_in(page: Page, account: Account) -> None:
    """Username and password on the sign-in page; returns once signed in (no second factor)."""
    submit_password(page, account)
    expect_signed_in(page, account)


def elderly_on(page: Page) -> None:
    """Switches elderly mode on from 我的 (the record), where a patient on a phone finds it."""
    page.goto("/me/record")
    page.get_by_test_id("elderly-toggle").click()
    expect(page.locator("html")).to_have_class(re.compile(r"\belderly\b"))


def submit_password(page: Page, account: Account) -> None:
    page.goto("/login")
    expect(page.get_by_test_id("login-form")).to_be_visible()
    page.get_by_test_id("login-username").fill(account.username)
    page.get_by_test_id("login-password").fill(account.password)
    page.get_by_test_id("login-submit").click()


def expect_signed_in(page: Page, account: Account) -> None:
    expect(page.get_by_test_id("user-menu")).to_contain_text(account.display_name)
    expect(page).not_to_have_url(re.compile(r"/login"))


def choose(page: Page, select: Locator, option: str) -> None:
    """Opens an Element Plus select and picks the option showing ``option`` (the dropdown is
    teleported to <body>, so it is looked up on the page, among the visible ones)."""
    select.click()
    page.get_by_role("option").filter(has_text=option).filter(visible=True).first.click()


def confirm_box(page: Page, button: str) -> None:
    box = page.locator(".el-message-box")
    expect(box).to_be_visible()
    box.get_by_role("button", name=button).click()
    expect(box).to_have_count(0)
