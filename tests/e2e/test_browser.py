"""Browser tests: the real server and the built web app in Debian's Chromium (Chinese UI).

Every test signs in through the sign-in page in a fresh browser context; the API (httpx, bearer
token) is used only to look up what a user should then see, or to prepare an account.
"""

from __future__ import annotations

import os
import re
import shutil
import time

import pyotp
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import REPO, LiveServer, skip_reason
from tests.e2e.pages import expect_signed_in, sign_in, submit_password

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]

# Role labels as the Chinese UI shows them (web/src/i18n/zh-CN.ts, "roles").
ROLE_ZH = {"grassroots_doctor": "基层医生", "specialist": "专科医生", "auditor": "审计员"}
DOCS_SCREENSHOT = REPO / "docs" / "screenshot.png"
# The README's screenshot is refreshed only when asked, so that a test run leaves the tree clean.
UPDATE_DOCS_SCREENSHOT = os.environ.get("YILIAN_UPDATE_SCREENSHOT") == "1"


# ---------------------------------------------------------------- helpers


def org_node(page: Page, org_id: str):
    return page.locator(f'[data-testid="org-node"][data-org-id="{org_id}"]')


def expand_tree_node(page: Page, org_id: str) -> None:
    # The expand arrow sits in the node's own row (the children are in a sibling element).
    row = page.locator(".el-tree-node__content", has=org_node(page, org_id))
    row.locator(".el-tree-node__expand-icon").click()


def settle(page: Page, toasts: bool = True) -> None:
    """Before a screenshot: fonts loaded, no loading mask, no running transition (Element Plus
    tags zoom in when they appear) and, unless ``toasts``, no toast left over."""
    page.evaluate("document.fonts.ready.then(() => true)")
    expect(page.locator(".el-loading-mask")).to_have_count(0)
    if not toasts:
        expect(page.locator(".el-message")).to_have_count(0, timeout=8_000)
    page.wait_for_function(
        "document.getAnimations().every(a => a.playState !== 'running')", timeout=5_000
    )


def subtree_ids(node: dict) -> set[str]:
    ids = {node["id"]}
    for child in node["children"]:
        ids |= subtree_ids(child)
    return ids


def find_path(nodes: list[dict], org_id: str) -> list[dict] | None:
    """The nodes from a root down to ``org_id``."""
    for node in nodes:
        if node["id"] == org_id:
            return [node]
        below = find_path(node["children"], org_id)
        if below:
            return [node, *below]
    return None


# ---------------------------------------------------------------- tests


def test_doctor_workbench_alliance_tree_and_patient_record(
    live_server: LiveServer, new_page, artifacts
):
    """A township doctor: workbench in Chinese, the alliance tree, then search and open a record."""
    doctor = next(a for a in live_server.accounts.values()
                  if "grassroots_doctor" in a.role and a.organisation.endswith("镇卫生院"))
    with live_server.api(doctor.username) as api:
        me = api.get("/auth/me").json()
        tree = api.get("/organisations/tree").json()
        patients = api.get("/patients", params={"limit": 50}).json()["items"]
    grant = me["active_grant"]
    assert grant["role"] == "grassroots_doctor"
    path = find_path(tree, grant["organisation_id"])
    assert path and len(path) == 3, "expected province → county → township"
    province, county, town = path
    village = town["children"][0]
    # A patient the doctor may see (own scope: the township and its villages).
    assert patients, "the demo gives every township patients"
    patient = patients[len(patients) // 2]

    page = new_page()
    sign_in(page, doctor)

    # Workbench: the user's organisation and role, in Chinese.
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_test_id("home-greeting")).to_have_text(f"您好，{doctor.display_name}")
    expect(page.get_by_test_id("home-organisation")).to_have_text(grant["organisation_name"])
    expect(page.get_by_test_id("home-role")).to_have_text(ROLE_ZH["grassroots_doctor"])
    expect(page.get_by_test_id("header-organisation")).to_have_text(grant["organisation_name"])
    expect(page.get_by_test_id("header-role")).to_have_text(ROLE_ZH["grassroots_doctor"])
    expect(page.get_by_test_id("nav-home")).to_have_text("工作台")
    expect(page.get_by_test_id("home-grants")).to_contain_text(grant["organisation_name"])
    expect(page.get_by_test_id("home-verification")).to_have_text("已实名认证")
    settle(page, toasts=False)
    page.screenshot(path=str(artifacts / "workbench-zh.png"))

    # The alliance tree: the provincial hospital and the counties, then down to a village.
    page.get_by_test_id("nav-alliance").click()
    expect(page).to_have_url(re.compile(r"/alliance"))
    expect(page.get_by_test_id("org-tree")).to_be_visible()
    expect(org_node(page, province["id"])).to_contain_text(province["name"])
    expect(org_node(page, province["id"])).to_contain_text("省级")
    for c in province["children"]:
        expect(org_node(page, c["id"])).to_contain_text(c["name"])
    expect(org_node(page, county["id"])).to_contain_text("县级")
    expect(org_node(page, town["id"])).to_be_visible()
    expect(org_node(page, village["id"])).not_to_be_visible()
    expand_tree_node(page, town["id"])
    expect(org_node(page, village["id"])).to_contain_text(village["name"])
    org_node(page, town["id"]).click()
    expect(page).to_have_url(re.compile(rf"[?&]org={town['id']}"))
    expect(page.get_by_test_id("org-name")).to_have_text(town["name"])
    expect(page.get_by_test_id("org-status")).to_be_visible()
    settle(page, toasts=False)
    page.screenshot(path=str(artifacts / "alliance-zh.png"))
    if UPDATE_DOCS_SCREENSHOT:
        shutil.copyfile(artifacts / "alliance-zh.png", DOCS_SCREENSHOT)

    # Patient search by name, then the record.
    page.get_by_test_id("nav-patients").click()
    expect(page).to_have_url(re.compile(r"/patients"))
    page.get_by_test_id("patient-search-input").fill(patient["name"])
    page.get_by_test_id("patient-search-submit").click()
    expect(page).to_have_url(re.compile(r"/patients\?q="))
    # Every row found matches the name (a search matches part of a name, so others may too).
    rows = page.get_by_test_id("patient-row")
    expect(rows.filter(has_not_text=patient["name"])).to_have_count(0)
    row = page.locator(f'[data-testid="patient-row"][data-patient-id="{patient["id"]}"]')
    expect(row).to_have_text(patient["name"])
    row.click()
    expect(page).to_have_url(re.compile(rf"/patients/{patient['id']}$"))
    expect(page.get_by_test_id("record-name")).to_have_text(patient["name"])
    expect(page.get_by_test_id("record-resident-id")).to_have_text(patient["resident_id_masked"])
    expect(page.get_by_test_id("consent-required")).to_have_count(0)
    settle(page)
    page.screenshot(path=str(artifacts / "record-zh.png"))


def test_sign_in_with_totp(live_server: LiveServer, new_page):
    """A staff account with TOTP on: the second step appears; a wrong code is refused."""
    account = live_server.account("prov_neuro")
    with live_server.api(account.username) as api:
        secret = api.post("/auth/totp/setup").json()["secret"]
        totp = pyotp.TOTP(secret)
        # Enable with the previous step's code (the server accepts ±1 step of drift); the
        # current step then stays unused for the browser, so no waiting for the next 30 s.
        # Keep clear of a step boundary, where "previous" could fall out of the window.
        if totp.interval - time.time() % totp.interval < 3:
            time.sleep(totp.interval - time.time() % totp.interval + 0.2)
        r = api.post("/auth/totp/enable", json={"code": totp.at(time.time() - totp.interval)})
        assert r.status_code == 200, r.text
        assert r.json()["totp_enabled"] is True

    page = new_page()
    submit_password(page, account)
    expect(page.get_by_test_id("totp-form")).to_be_visible()
    expect(page.get_by_test_id("login-form")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/login"))

    # A wrong code: an error message, and still on the second step.
    now = time.time()
    valid = {totp.at(now + k * totp.interval) for k in (-2, -1, 0, 1, 2)}
    wrong = next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)
    page.get_by_test_id("totp-code").fill(wrong)
    page.get_by_test_id("totp-submit").click()
    expect(page.locator(".el-message--error")).to_contain_text("动态验证码错误")
    expect(page.get_by_test_id("totp-form")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login"))

    page.get_by_test_id("totp-code").fill(totp.now())
    page.get_by_test_id("totp-submit").click()
    expect_signed_in(page, account)
    expect(page.get_by_test_id("home-greeting")).to_have_text(f"您好，{account.display_name}")
    expect(page.get_by_test_id("home-totp-advice")).to_have_count(0)


def test_language_switch_is_kept_after_reload(live_server: LiveServer, new_page, artifacts):
    account = live_server.account("townB1_doctor")
    page = new_page()
    sign_in(page, account)
    expect(page.get_by_test_id("nav-home")).to_have_text("工作台")
    expect(page.get_by_test_id("nav-alliance")).to_have_text("医联体")

    page.get_by_test_id("lang-switch").click()
    page.get_by_test_id("lang-option-en").click()
    for testid, label in (("nav-home", "Workbench"), ("nav-alliance", "Alliance"),
                          ("nav-patients", "Patients")):
        expect(page.get_by_test_id(testid)).to_have_text(label)
    expect(page.get_by_test_id("home-role")).to_have_text("Grassroots doctor")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.reload()
    expect(page.get_by_test_id("nav-home")).to_have_text("Workbench")
    expect(page.get_by_test_id("nav-alliance")).to_have_text("Alliance")
    expect(page.get_by_test_id("home-greeting")).to_have_text(f"Hello, {account.display_name}")
    expect(page.get_by_test_id("lang-switch")).to_contain_text("English")
    settle(page)
    page.screenshot(path=str(artifacts / "workbench-en.png"))


def test_out_of_scope_record_is_refused_and_audited(
    live_server: LiveServer, new_page, artifacts
):
    """A county doctor opens another county's patient: refusal with the break-glass offer;
    the auditor then finds the denied read in the audit viewer."""
    doctor = live_server.account("countyA_doctor")
    auditor = live_server.account("auditor")
    with live_server.api(doctor.username) as api:
        tree = api.get("/organisations/tree").json()
        own_org = api.get("/auth/me").json()["active_grant"]["organisation_id"]
    counties = [c for root in tree for c in root["children"] if c["level"] == "county"]
    other = next(c for c in counties if own_org not in subtree_ids(c))
    # A patient of the other county, as that county's admin finds them (need to know: the
    # alliance admin at the province no longer lists every county's patients).
    for name in ("countyA_admin", "countyB_admin"):
        with live_server.api(name) as api:
            if api.get("/auth/me").json()["active_grant"]["organisation_id"] == other["id"]:
                patients = api.get("/patients", params={"limit": 200}).json()["items"]
                break
    patient = next(p for p in patients if p["home_organisation_id"] in subtree_ids(other))

    page = new_page()
    sign_in(page, doctor)
    page.goto(f"/patients/{patient['id']}")
    refusal = page.get_by_test_id("consent-required")
    expect(refusal).to_be_visible()
    expect(refusal).to_contain_text("该患者属于其他机构")
    expect(page.get_by_test_id("break-glass-open")).to_have_text("紧急访问（破窗）")
    expect(page.get_by_test_id("record-name")).to_have_count(0)
    expect(page.get_by_test_id("record-header")).to_have_count(0)
    expect(page.get_by_text(patient["name"], exact=True)).to_have_count(0)
    settle(page)
    page.screenshot(path=str(artifacts / "record-refused-zh.png"))

    page = new_page()
    sign_in(page, auditor)
    expect(page.get_by_test_id("header-role")).to_have_text(ROLE_ZH["auditor"])
    page.get_by_test_id("nav-audit").click()
    expect(page).to_have_url(re.compile(r"/audit"))
    expect(page.get_by_test_id("audit-row").first).to_be_visible()
    page.get_by_test_id("audit-filter-actor").fill(doctor.username)
    page.get_by_test_id("audit-filter-outcome").click()
    page.locator(".el-select-dropdown__item:visible", has_text="拒绝").click()
    page.get_by_test_id("audit-search").click()
    rows = page.get_by_test_id("audit-table").locator("tbody tr")
    # The filter has applied once only the doctor's denied rows are listed (retried until so).
    expect(rows.filter(has_not_text=doctor.username)).to_have_count(0)
    expect(rows.filter(has_not_text="拒绝")).to_have_count(0)
    denied = rows.filter(has_text=patient["id"])
    expect(denied).to_have_count(1)
    expect(denied).to_contain_text(ROLE_ZH["specialist"])
    expect(denied).to_contain_text("consent-required")
    settle(page)
    page.screenshot(path=str(artifacts / "audit-zh.png"))


def test_role_switcher_changes_organisation(live_server: LiveServer, new_page):
    """A specialist with grants at two organisations switches between them in the header."""
    account = next(a for a in live_server.accounts.values()
                   if "specialist" in a.role and " / " in a.organisation)
    with live_server.api(account.username) as api:
        me = api.get("/auth/me").json()
    active = me["active_grant"]
    target = next(
        g for g in me["grants"]
        if g["role"] == "specialist" and g["organisation_id"] != active["organisation_id"]
    )

    page = new_page()
    sign_in(page, account)
    expect(page.get_by_test_id("header-organisation")).to_have_text(active["organisation_name"])
    expect(page.get_by_test_id("home-organisation")).to_have_text(active["organisation_name"])

    page.get_by_test_id("role-switcher").click()
    options = page.locator('[data-testid^="role-option-"]')
    expect(options).to_have_count(len(me["grants"]))
    option = page.locator(f'[data-testid="role-option-specialist"][data-grant-id="{target["id"]}"]')
    expect(option).to_contain_text(target["organisation_name"])
    option.click()

    expect(page.get_by_test_id("header-organisation")).to_have_text(target["organisation_name"])
    expect(page.get_by_test_id("header-role")).to_have_text(ROLE_ZH["specialist"])
    expect(page.get_by_test_id("home-organisation")).to_have_text(target["organisation_name"])
    # The active role belongs to the session: a reload keeps it.
    page.reload()
    expect(page.get_by_test_id("header-organisation")).to_have_text(target["organisation_name"])
