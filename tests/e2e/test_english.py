"""The main pages in English, as a coordinator, a department head, a village doctor and a
patient: no Chinese character and no raw message key anywhere but in patient data.

Patient data (names of people, organisations and departments, clinical free text) stays as it
was written; the pages mark each such element ``data-pd`` (a table's data column by its cells'
class ``pd``) and the check skips exactly those.
The language is chosen as the app keeps it (``yilian.locale`` in localStorage).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import VIEWPORT, LiveServer
from tests.e2e.pages import sign_in

# Every visible text node and label attribute outside [data-pd]: Chinese (ideographs, CJK and
# full-width punctuation) or a dotted message key shown raw ("case.timeline.empty").
FIND = """() => {
  const CJK = /[\\u3000-\\u303f\\u3400-\\u9fff\\uff00-\\uffef]/
  const KEY = /^[a-z]+(\\.[a-zA-Z0-9_]+)+$/
  const bad = (s) => CJK.test(s) || KEY.test(s.trim())
  const shown = (el) => !el.closest('[data-pd], td.pd, script, style, noscript') && el.checkVisibility()
  const where = (el) => el.tagName.toLowerCase() + (el.dataset.testid ? `[${el.dataset.testid}]` : '')
    + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '')
  const out = []
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.trim()
    if (text && n.parentElement && shown(n.parentElement) && bad(text)) {
      out.push(`${text.slice(0, 60)}  <${where(n.parentElement)}>`)
    }
  }
  for (const el of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
    if (!shown(el)) continue
    for (const name of ['placeholder', 'aria-label', 'title']) {
      const value = el.getAttribute(name)
      if (value && bad(value)) out.push(`${name}="${value.slice(0, 60)}"  <${where(el)}>`)
    }
  }
  return [...new Set(out)]
}"""


class English:
    """One role's browser context in English; collects what each page shows wrongly."""

    def __init__(self, browser, live_server: LiveServer, username: str) -> None:
        self.context = browser.new_context(base_url=live_server.base_url, viewport=VIEWPORT,
                                           locale="en-GB", timezone_id="Asia/Shanghai")
        self.context.add_init_script("localStorage.setItem('yilian.locale', 'en')")
        self.page: Page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("pageerror", lambda exc: self.problems.append(f"{self.page.url}: {exc}"))
        # vue-i18n's warnings: a key missing in English (shown raw or in Chinese).
        self.page.on("console", lambda msg: self.problems.append(f"{self.page.url}: {msg.text}")
                     if "[intlify]" in msg.text else None)
        sign_in(self.page, live_server.account(username))

    def visit(self, path: str, ready: str | None = None) -> None:
        self.page.goto(path)
        self.check(ready)

    def tabs(self, path: str) -> None:
        """A page with tabs (a case, a record): each tab's content in turn."""
        self.visit(path)
        tabs = self.page.locator("main [role=tab]")
        for i in range(tabs.count()):
            tabs.nth(i).click()
            self.check()

    def check(self, ready: str | None = None) -> None:
        if ready:
            expect(self.page.get_by_test_id(ready).first).to_be_visible()
        self.page.wait_for_load_state("networkidle")
        self.problems += [f"{self.page.url}: {p}" for p in self.page.evaluate(FIND)]

    def close(self) -> list[str]:
        self.context.close()
        return self.problems


def _first(live_server: LiveServer, username: str, path: str) -> dict:
    with live_server.api(username) as api:
        r = api.get(path, params={"limit": 1})
        assert r.status_code == 200, r.text
        return r.json()["items"][0]


# The pages a user of each role walks (the case pages: that user's first case of each kind).
STAFF_PAGES = ["/", "/consultations", "/referrals", "/followup", "/conversations", "/account",
               "/alliance", "/patients"]
# Pages of one role's own: the office's day board, the village clinic's waiting-room screen.
ROLE_PAGES = {"countyA_coordinator": ["/clinic/today"], "villageA1a_doctor": ["/clinic/screen"]}
PATIENT_PAGES = ["/", "/me/record", "/me/consultations", "/me/referrals", "/me/visits",
                 "/me/consents", "/me/access-log", "/account"]


@pytest.mark.parametrize("username", ["countyA_coordinator", "countyA_doctor",
                                      "villageA1a_doctor"])
def test_staff_pages_in_english(browser, live_server, username):
    me = English(browser, live_server, username)
    for path in STAFF_PAGES + ROLE_PAGES.get(username, []):
        me.visit(path)
    consultation = _first(live_server, username, "/consultations")
    me.tabs(f"/consultations/{consultation['id']}")
    referral = _first(live_server, username, "/referrals")
    me.tabs(f"/referrals/{referral['id']}")
    me.tabs(f"/patients/{referral['patient_id']}")
    conversation = _first(live_server, username, "/conversations")
    me.visit(f"/conversations/{conversation['id']}", "conversation-panel")
    me.page.get_by_test_id("notification-bell").click()
    me.check("notification-popover")
    problems = me.close()
    assert problems == [], "\n".join(problems)


def test_patient_pages_in_english(browser, live_server):
    me = English(browser, live_server, "patient_demo")
    for path in PATIENT_PAGES:
        me.visit(path)
    me.tabs("/me/record")
    visit = _first(live_server, "patient_demo", "/clinic/visits")
    me.visit(f"/clinic/visits/{visit['id']}", "visit-header")
    problems = me.close()
    assert problems == [], "\n".join(problems)


# The online clinic's doctors: the provincial cardiologist holds today's session (the demo's
# patient waiting in it), the county's has yesterday's signed visit and a coming one.
@pytest.mark.parametrize("username", ["prov_cardio", "countyA_doctor"])
def test_the_doctors_clinic_pages_in_english(browser, live_server, username):
    me = English(browser, live_server, username)
    with live_server.api(username) as api:
        my_id = api.get("/auth/me").json()["id"]
        visits = [v for v in api.get("/clinic/visits", params={"limit": 100}).json()["items"]
                  if v["doctor_id"] == my_id]
    assert visits, f"the demo gives {username} online visits"
    # A visit of each state the doctor has, and the queue of each session they are in.
    for visit in {v["state"]: v for v in visits}.values():
        me.visit(f"/clinic/visits/{visit['id']}", "visit-header")
    for session_id in dict.fromkeys(v["session_id"] for v in visits):
        me.visit(f"/clinic/sessions/{session_id}/queue", "queue-table")
    problems = me.close()
    assert problems == [], "\n".join(problems)
