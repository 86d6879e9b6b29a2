"""User administration in the browser: a county admin is offered account-wide actions only for
the accounts homed in the county, and the grants at the county on anyone."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import LiveServer
from tests.e2e.pages import sign_in


def test_county_admin_manages_grants_not_the_account_of_a_provincial_doctor(
    live_server: LiveServer, new_page, artifacts
):
    county_admin = live_server.account("countyA_admin")
    with live_server.api(county_admin.username) as api:
        county = api.get("/auth/me").json()["active_grant"]
    with live_server.api("admin") as api:  # the alliance admin lends a provincial doctor
        doctor = api.get("/users", params={"q": "prov_resp"}).json()["items"][0]
        r = api.post(f"/users/{doctor['id']}/grants",
                     json={"role": "specialist", "organisation_id": county["organisation_id"]})
        assert r.status_code == 201, r.text

    page = new_page()
    sign_in(page, county_admin)
    page.goto("/users")
    page.get_by_test_id("users-filter-q").fill("prov_resp")
    page.get_by_test_id("users-search").click()
    table = page.get_by_test_id("users-table")
    row = table.locator("tr.el-table__row").filter(has=page.get_by_test_id("user-row"))
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("user-home")).to_have_text(doctor["home_organisation_name"])
    expect(row.get_by_test_id("user-managed-elsewhere")).to_be_visible()
    for action in ("user-toggle-active", "user-reset-password", "user-edit-name"):
        expect(row.get_by_test_id(action)).to_have_count(0)
    expect(row.locator(".el-switch.is-disabled")).to_have_count(1)  # verification
    # The grant at the county can be revoked here; the one at the province cannot.
    grants = row.get_by_test_id("user-grant")
    expect(grants.filter(has_text=county["organisation_name"]).locator(".el-tag__close")).to_have_count(1)
    expect(grants.filter(has_text=doctor["grants"][0]["organisation_name"]).locator(".el-tag__close")).to_have_count(0)
    page.screenshot(path=str(artifacts / "users-managed-elsewhere.png"))

    # A doctor homed in the county: the account's actions are there.
    page.get_by_test_id("users-filter-q").fill("countyA_doctor")
    page.get_by_test_id("users-search").click()
    own = table.locator("tr.el-table__row").filter(has_text="countyA_doctor")
    expect(own.get_by_test_id("user-toggle-active")).to_be_visible()
    expect(own.get_by_test_id("user-reset-password")).to_be_visible()
    expect(own.get_by_test_id("user-managed-elsewhere")).to_have_count(0)
