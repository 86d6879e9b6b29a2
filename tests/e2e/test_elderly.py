"""Browser test of the patient's phone (390×844): in elderly mode (长辈模式) every patient page
is measured as it is drawn: text at least 18 px, what the patient must do (when and where to go)
at least 22 px, text at least 7:1 against what is behind it, every button, link and tab at least
48 px, the header in one row, and no table cut at the side. Without elderly mode, the bottom tab
bar takes the patient through the sections and no menu is left open over the page.

The demo's patient 王秀兰 (patient_demo) gets an up-referral accepted with a bed, so the
reservation card (time, place, department location and phone, admission instructions) is there.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer, skip_reason
from tests.e2e.pages import elderly_on, sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]

PHONE = {"width": 390, "height": 844}
PATIENT, VILLAGE_DOCTOR, OFFICE = "patient_demo", "villageA1a_doctor", "countyA_coordinator"
COUNTY_HOSPITAL = "星沙中心医院"
CARDIOLOGY = "03.04"
BED = "心血管内科病区 12 床"
ADMISSION = "请携带身份证、医保卡和既往病历，空腹到住院处一楼办理入院。"
BODY_MIN, KEY_MIN, TARGET_MIN, CONTRAST_MIN = 18, 22, 48, 7.0
# One row of the header: the tallest control (48 px) and its padding, not two rows of them.
HEADER_MAX = 76

# Everything measured in one pass over the page. Text: each visible text node's element. The
# background behind text: the element's own or its ancestors', semi-transparent layers laid over
# the first opaque one. Targets: the clickable element, or the label that carries a switch.
MEASURE = r"""
() => {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/)
    if (!m) return [0, 0, 0, 0]
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number)
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]
  }
  const over = (top, under) => {
    const a = top[3]
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat([1])
  }
  const background = (el) => {
    const layers = []
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor)
      if (c[3] > 0) layers.push(c)
      if (c[3] >= 1) break
    }
    let bg = [255, 255, 255, 1]
    for (const layer of layers.reverse()) bg = over(layer, bg)
    return bg
  }
  const lum = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      v /= 255
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
    })
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
  }
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p)
    return (x + 0.05) / (y + 0.05)
  }
  const visible = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })
    && el.getClientRects().length > 0
  const name = (el) => {
    const id = el.closest('[data-testid]')
    return `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`
      + (id ? ` in [${id.dataset.testid}]` : '')
  }
  const texts = []
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.trim()
    const el = n.parentElement
    if (!text || !el || el.closest('svg, script, style, [data-elderly-exempt]') || !visible(el)) continue
    const range = document.createRange()
    range.selectNodeContents(n)
    const r = range.getBoundingClientRect()
    if (r.width < 1 || r.height < 1) continue
    const style = getComputedStyle(el)
    const bg = background(el)
    const fg = over(parse(style.color), bg)
    texts.push({ text: text.slice(0, 40), where: name(el), size: parseFloat(style.fontSize),
                 contrast: Math.round(ratio(fg, bg) * 100) / 100 })
  }
  const keys = [...document.querySelectorAll('.key-instruction')].filter(visible)
    .map((el) => ({ text: el.textContent.trim().slice(0, 40), size: parseFloat(getComputedStyle(el).fontSize) }))
  const targets = [...document.querySelectorAll(
      'button, a[href], [role=tab], [role=button], .el-switch, .el-collapse-item__header')]
    .filter((el) => visible(el) && !el.closest('[data-elderly-exempt]') && !el.disabled)
    .map((el) => {
      const target = el.closest('label') ?? el
      const r = target.getBoundingClientRect()
      return { where: name(el), text: target.textContent.trim().slice(0, 30),
               width: Math.round(r.width), height: Math.round(r.height) }
    })
  const tables = [...document.querySelectorAll('.el-table')].filter(visible).map((t) => ({
    where: name(t), over: t.scrollWidth - t.clientWidth,
    bodyOver: [...t.querySelectorAll('.el-scrollbar__wrap')].map((w) => w.scrollWidth - w.clientWidth),
  }))
  const header = document.querySelector('.header').getBoundingClientRect().height
  const pageOver = document.documentElement.scrollWidth - document.documentElement.clientWidth
  return { texts, keys, targets, tables, header, pageOver }
}
"""


def _settle(page: Page) -> None:
    page.evaluate("document.fonts.ready.then(() => true)")
    expect(page.locator(".el-loading-mask")).to_have_count(0)
    page.wait_for_function(
        "document.getAnimations().every(a => a.playState !== 'running')", timeout=5_000)


def assert_elderly(page: Page, where: str) -> dict:
    """Every measure of elderly mode on the page as it stands; a failure lists all offenders."""
    _settle(page)
    m = page.evaluate(MEASURE)
    small = [t for t in m["texts"] if t["size"] < BODY_MIN - 0.1]
    dim = [t for t in m["texts"] if t["contrast"] < CONTRAST_MIN]
    keys = [k for k in m["keys"] if k["size"] < KEY_MIN - 0.1]
    tiny = [t for t in m["targets"] if min(t["width"], t["height"]) < TARGET_MIN - 0.5]
    cut = [t for t in m["tables"] if t["over"] > 1 or any(o > 1 for o in t["bodyOver"])]
    problems = [f"{what}: {found}" for what, found in (
        (f"text under {BODY_MIN} px", small), (f"text under {CONTRAST_MIN}:1", dim),
        (f"key instructions under {KEY_MIN} px", keys),
        (f"touch targets under {TARGET_MIN} px", tiny), ("tables cut at the side", cut),
        ("header higher than one row", m["header"] if m["header"] > HEADER_MAX else None),
        ("page wider than the screen", m["pageOver"] if m["pageOver"] > 1 else None),
    ) if found]
    assert not problems, f"{where}:\n" + "\n".join(problems)
    assert m["texts"], f"{where}: no text measured"
    return m


def _accepted_referral(live_server: LiveServer) -> tuple[str, str]:
    """An up-referral of the demo patient to the county hospital's cardiology, accepted with a
    bed tomorrow morning; returns its id and the department's phone."""
    with live_server.api(PATIENT) as api:
        patient_id = api.get("/auth/me").json()["patient"]["id"]
    with live_server.api(VILLAGE_DOCTOR) as api:
        target = next(t for t in api.get("/referrals/targets").json()
                      if COUNTY_HOSPITAL in t["name"])
        dept = next(d for d in api.get(f"/organisations/{target['organisation_id']}/departments"
                                       ).json() if d["code"] == CARDIOLOGY)
        now = datetime.now(ZoneInfo("Asia/Shanghai"))
        r = api.post("/referrals", json={
            "patient_id": patient_id, "target_org_id": target["organisation_id"],
            "target_department_id": dept["id"],
            "skip_reason": "卫生院无心内科，需县医院冠脉评估",
            "reason": "活动后胸痛加重一周", "diagnosis_icd10": "I20.0",
            "diagnosis_text": "不稳定型心绞痛", "summary": "女，65岁，高血压史，胸痛反复。",
            "treatment": "阿司匹林、硝酸甘油", "include_record": False,
            "consent": {"by": "patient", "name": "患者本人", "at": now.isoformat()}})
        assert r.status_code == 201, r.text
        referral_id = r.json()["id"]
    morning = (now + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    with live_server.api(OFFICE) as api:
        r = api.post(f"/referrals/{referral_id}/accept", json={
            "reservation": "bed", "reserved_at": morning.isoformat(), "reserved_place": BED,
            "note": ADMISSION})
        assert r.status_code == 200, r.text
    assert dept["phone"] and dept["location"], "the demo gives departments a phone and location"
    return referral_id, dept["phone"]


def test_elderly_mode_on_the_patients_phone(live_server: LiveServer, new_page, artifacts):
    referral_id, phone = _accepted_referral(live_server)
    page = new_page()
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.account(PATIENT))
    elderly_on(page)

    def visit(name: str, path: str | None = None) -> None:
        if path:
            page.goto(path)
        assert_elderly(page, name)
        page.screenshot(path=str(artifacts / f"elderly-phone-{name}.png"), full_page=True)

    page.get_by_test_id("patient-tab-home").click()
    visit("home")

    # 问诊: consultations, then referrals with the reservation card opened.
    page.get_by_test_id("patient-tab-cases").click()
    expect(page).to_have_url(re.compile(r"/me/consultations$"))
    visit("consultations")
    page.get_by_test_id("patient-page-my-referrals").click()
    mine = page.locator(f'[data-testid="my-referral"][data-referral-id="{referral_id}"]')
    mine.locator(".el-collapse-item__header").click()
    card = mine.get_by_test_id("referral-reservation")
    expect(card.get_by_test_id("reservation-where")).to_contain_text(BED)
    expect(card.get_by_test_id("reservation-phone")).to_have_text(phone)
    expect(card.get_by_test_id("reservation-location")).to_be_visible()
    expect(card.get_by_test_id("reservation-address")).to_contain_text("人民东路")
    expect(card).to_contain_text(ADMISSION)
    visit("referral")

    # 我的: the record, each of its tabs (tables as cards), consents, the access log.
    page.get_by_test_id("patient-tab-me").click()
    expect(page).to_have_url(re.compile(r"/me/record$"))
    expect(page.get_by_test_id("patient-record")).to_be_visible()
    visit("record")
    for tab in ("problems", "allergies", "medications", "documents", "encounters"):
        page.get_by_test_id(f"record-tab-{tab}").click()
        expect(page.get_by_test_id(f"record-{tab}")).to_be_visible()
        assert_elderly(page, f"record-{tab}")
    page.get_by_test_id("record-tab-medications").click()
    page.screenshot(path=str(artifacts / "elderly-phone-medications.png"), full_page=True)
    page.get_by_test_id("patient-page-my-consents").click()
    expect(page).to_have_url(re.compile(r"/me/consents$"))
    visit("consents")
    page.get_by_test_id("patient-page-my-access-log").click()
    expect(page.get_by_test_id("access-log-cards")).to_be_visible()
    visit("access-log")

    # 消息: the conversations.
    page.get_by_test_id("patient-tab-messages").click()
    expect(page).to_have_url(re.compile(r"/conversations$"))
    visit("messages")


def test_the_tab_bar_takes_a_patient_around_and_leaves_nothing_open(
        live_server: LiveServer, new_page):
    page = new_page()
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.account(PATIENT))
    bar = page.get_by_test_id("patient-tab-bar")
    expect(bar).to_be_visible()
    # No folded menu ("•••") and no top menu: the tab bar is the patient's navigation.
    expect(page.locator(".top-menu")).to_have_count(0)
    for tab, url in (("cases", r"/me/consultations$"), ("messages", r"/conversations$"),
                     ("me", r"/me/record$"), ("home", r"/$")):
        page.get_by_test_id(f"patient-tab-{tab}").click()
        page.wait_for_url(re.compile(url if tab != "home" else r"/(me/record)?$"))
        if tab == "home" and page.url.endswith("/me/record"):
            continue  # no home page for patients yet: home is their record
        expect(page).to_have_url(re.compile(url))
        expect(page.get_by_test_id(f"patient-tab-{tab}")).to_have_attribute("aria-current", "page")
        # Nothing floats over the page: the middle of the screen is the page itself.
        on_top = page.evaluate(
            "() => { const e = document.elementFromPoint(195, 422);"
            " return !!e && !!e.closest('.main') }")
        assert on_top, f"something covers the page after the {tab} tab"
        expect(page.locator(".el-menu--popup").filter(visible=True)).to_have_count(0)
    # The header stays one row without elderly mode too.
    assert page.locator(".header").bounding_box()["height"] <= HEADER_MAX
