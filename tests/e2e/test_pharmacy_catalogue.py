"""Browser test of the drug catalogue (药品目录): the county hospital's pharmacist finds drugs by
their pinyin initials, imports a catalogue file with one bad row (the problem is listed by row and
column, and nothing changes), corrects it and imports it (the counts, the new drugs in the table),
receives a batch of one of them and counts it (盘点) with a reason. A doctor of the hospital reads
the catalogue and its stock without any way to change them. The page, its dialogs and its drawer
in English, on a phone and in elderly mode. Screenshots in tests/e2e/artifacts."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer, skip_reason
from tests.e2e.pages import sign_in
from tests.e2e.test_english import English

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]

PHONE = {"width": 390, "height": 844}
HEADER = ("编码,通用名,商品名,规格,剂型,ATC编码,单位含量,含量单位,最小单位,包装数量,包装单位,"
          "单价(元),处方药,医保类别,管制类别,抗菌药物,冷链,单次极量,日极量,给药途径")
GOOD_ROW = "E2E0001,奥美沙坦酯片,傲坦,20mg×7片,片剂,C09CA08,20,mg,片,7,盒,28.50,是,乙,,,否,,40,口服"
# Row 3 of the file: an ATC code of six characters.
BAD_ROW = "E2E0002,雷贝拉唑钠肠溶片,,10mg×14片,片剂,A02BC4,10,mg,片,14,盒,19.90,是,乙,,,否,,,口服"
FIXED_ROW = BAD_ROW.replace("A02BC4", "A02BC04")


def _csv(*rows: str) -> dict:
    # UTF-8 with a BOM, as Excel saves "CSV UTF-8".
    body = "\ufeff" + "\r\n".join([HEADER, *rows]) + "\r\n"
    return {"name": "药品目录.csv", "mimeType": "text/csv", "buffer": body.encode()}


def _settle(page: Page) -> None:
    expect(page.locator(".el-loading-mask:visible")).to_have_count(0)
    expect(page.locator(".el-message")).to_have_count(0, timeout=8_000)


def _rows(page: Page):
    return page.get_by_test_id("catalogue-table").locator(".catalogue-row")


def _search(page: Page, text: str) -> None:
    page.get_by_test_id("catalogue-search").fill(text)
    page.get_by_test_id("catalogue-search").press("Enter")


def _import(page: Page, file: dict) -> None:
    dialog = page.get_by_test_id("import-dialog")
    dialog.get_by_test_id("import-file").set_input_files(files=[file])
    expect(dialog.get_by_test_id("import-ready")).to_contain_text(file["name"])
    dialog.get_by_test_id("import-start").click()


def _codes(live_server: LiveServer, q: str) -> list[str]:
    with live_server.api("countyA_pharmacist") as api:
        org = api.get("/auth/me").json()["active_grant"]["organisation_id"]
        r = api.get(f"/pharmacy/organisations/{org}/catalogue",
                    params={"q": q, "include_inactive": True})
        assert r.status_code == 200, r.text
        return [d["code"] for d in r.json()["items"]]


def test_the_pharmacist_imports_receives_and_counts_and_a_doctor_only_reads(
        live_server: LiveServer, new_page, browser, artifacts):
    page = new_page()
    # What the server pushes to this browser: the import's progress comes over the socket.
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(str(payload))))
    sign_in(page, live_server.account("countyA_pharmacist"))
    page.get_by_test_id("nav-pharmacy-catalogue").click()
    expect(page).to_have_url(re.compile(r"/pharmacy/catalogue$"))
    expect(_rows(page).first).to_be_visible()

    # 硝苯地平控释片 (拜新同) and 硝苯地平缓释片 by the initials of 硝苯地平.
    _search(page, "xbdp")
    expect(_rows(page)).to_have_count(2)
    for i in range(2):
        expect(_rows(page).nth(i).get_by_test_id("drug-name")).to_contain_text("硝苯地平")
    expect(_rows(page).filter(has_text="拜新同")).to_have_count(1)

    # A file with a bad row: refused whole, the problem named by row and column.
    page.get_by_test_id("catalogue-import").click()
    dialog = page.get_by_test_id("import-dialog")
    _import(page, _csv(GOOD_ROW, BAD_ROW))
    rejected = dialog.get_by_test_id("import-rejected")
    expect(rejected).to_contain_text("1 处问题")
    expect(rejected).to_contain_text("目录未做任何更改")
    problems = dialog.get_by_test_id("import-problems").locator("tbody tr")
    expect(problems).to_have_count(1)
    expect(problems.first).to_contain_text("3")
    expect(problems.first).to_contain_text("ATC编码")
    expect(problems.first).to_contain_text("A02BC4")
    expect(problems.first.get_by_test_id("import-problem-message")).to_contain_text("ATC 编码须为 7 位")
    _settle(page)
    page.screenshot(path=str(artifacts / "pharmacy-import-rejected.png"))
    assert _codes(live_server, "E2E") == [], "a refused import changes nothing"
    assert any("pharmacy.catalogue_import" in f for f in frames), "the progress is pushed"

    # Corrected: both drugs added.
    dialog.get_by_test_id("import-again").click()
    _import(page, _csv(GOOD_ROW, FIXED_ROW))
    expect(dialog.get_by_test_id("import-done")).to_be_visible()
    expect(dialog.get_by_test_id("import-added")).to_contain_text("2")
    expect(dialog.get_by_test_id("import-updated")).to_contain_text("0")
    expect(dialog.get_by_test_id("import-unchanged")).to_contain_text("0")
    _settle(page)
    page.screenshot(path=str(artifacts / "pharmacy-import-done.png"))
    dialog.get_by_test_id("import-close").click()
    expect(dialog).to_be_hidden()
    _search(page, "E2E")
    expect(_rows(page)).to_have_count(2)
    row = _rows(page).filter(has_text="奥美沙坦酯片")
    expect(row).to_contain_text("傲坦")
    expect(row).to_contain_text("¥28.50")
    expect(row.get_by_test_id("drug-insurance")).to_have_text("医保乙类")
    expect(row.get_by_test_id("drug-out")).to_have_text("缺货")
    # The same by the initials of its trade name (傲坦 → AT).
    _search(page, "AT")
    expect(_rows(page).filter(has_text="奥美沙坦酯片")).to_have_count(1)

    # A batch received, then counted.
    row.get_by_test_id("drug-open-stock").click()
    drawer = page.get_by_test_id("stock-drawer")
    expect(drawer).to_contain_text("奥美沙坦酯片")
    expect(drawer.get_by_test_id("stock-batches")).to_contain_text("没有库存批次")
    expiry = (date.today() + timedelta(days=400)).isoformat()
    drawer.get_by_test_id("stock-batch-no").fill("E2E2601")
    drawer.get_by_test_id("stock-expires-on").locator("input").fill(expiry)
    drawer.get_by_test_id("stock-expires-on").locator("input").press("Enter")
    drawer.get_by_test_id("stock-quantity").locator("input").fill("20")
    drawer.get_by_test_id("stock-quantity").locator("input").press("Tab")
    drawer.get_by_test_id("stock-receive").click()
    expect(page.locator(".el-message--success").filter(has_text="已入库")).to_be_visible()
    expect(drawer.get_by_test_id("stock-total")).to_contain_text("20 盒")
    batch = drawer.get_by_test_id("stock-batches").locator("tbody tr").filter(has_text="E2E2601")
    expect(batch).to_contain_text(expiry)
    expect(batch.get_by_test_id("batch-quantity")).to_have_text("20 盒")

    batch.get_by_test_id("batch-adjust").click()
    count = page.get_by_test_id("batch-adjust-dialog")
    count.get_by_test_id("batch-adjust-quantity").locator("input").fill("18")
    count.get_by_test_id("batch-adjust-quantity").locator("input").press("Tab")
    # The reason is required: without it the count cannot be sent.
    expect(count.get_by_test_id("batch-adjust-submit")).to_be_disabled()
    count.get_by_test_id("batch-adjust-reason").fill("月末盘点，破损 2 盒")
    count.get_by_test_id("batch-adjust-submit").click()
    expect(page.locator(".el-message--success").filter(has_text="已调整库存")).to_be_visible()
    expect(batch.get_by_test_id("batch-quantity")).to_have_text("18 盒")
    expect(drawer.get_by_test_id("stock-total")).to_contain_text("18 盒")
    _settle(page)
    page.screenshot(path=str(artifacts / "pharmacy-stock-drawer.png"))
    page.keyboard.press("Escape")
    expect(drawer).to_be_hidden()
    # The table follows: in stock now.
    expect(row.get_by_test_id("drug-stock")).to_have_text("18 盒")
    expect(row.get_by_test_id("drug-out")).to_have_count(0)

    # A doctor of the hospital reads the catalogue and the stock, and changes nothing.
    doctor = new_page()
    sign_in(doctor, live_server.account("countyA_doctor"))
    doctor.get_by_test_id("nav-pharmacy-catalogue").click()
    expect(doctor).to_have_url(re.compile(r"/pharmacy/catalogue$"))
    expect(doctor.get_by_test_id("catalogue-read-only")).to_be_visible()
    _search(doctor, "E2E")
    expect(_rows(doctor)).to_have_count(2)
    for action in ("catalogue-add", "catalogue-import", "drug-edit", "drug-deactivate",
                   "drug-reactivate"):
        expect(doctor.get_by_test_id(action)).to_have_count(0)
    _rows(doctor).filter(has_text="奥美沙坦酯片").get_by_test_id("drug-open-stock").click()
    drawer = doctor.get_by_test_id("stock-drawer")
    expect(drawer.get_by_test_id("batch-quantity")).to_have_text("18 盒")
    expect(drawer.get_by_test_id("stock-receive-form")).to_have_count(0)
    expect(drawer.get_by_test_id("batch-adjust")).to_have_count(0)


def test_the_catalogue_on_a_phone_in_elderly_mode_and_in_english(
        live_server: LiveServer, new_page, browser, artifacts):
    phone = new_page()
    phone.set_viewport_size(PHONE)
    phone.add_init_script("localStorage.setItem('yilian.elderly', '1')")
    sign_in(phone, live_server.account("countyA_pharmacist"))
    phone.goto("/pharmacy/catalogue")
    expect(phone.locator("html")).to_have_class(re.compile(r"\belderly\b"))
    first = _rows(phone).first
    expect(first).to_be_visible()
    # A card per drug: nothing wider than the screen, every button whole.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways ({width}px)"
    for testid in ("drug-open-stock", "drug-edit", "drug-deactivate"):
        box = first.get_by_test_id(testid).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], testid
        assert box["height"] >= 48, f"{testid} is {box['height']}px high"
    _settle(phone)
    phone.screenshot(path=str(artifacts / "pharmacy-catalogue-elderly-phone.png"))
    first.get_by_test_id("drug-open-stock").click()
    expect(phone.get_by_test_id("stock-batches")).to_be_visible()
    # The drawer covers the whole phone once it has slid in.
    phone.wait_for_function("() => document.querySelector('[data-testid=stock-drawer]')"
                            ".getBoundingClientRect().left === 0")
    _settle(phone)
    phone.screenshot(path=str(artifacts / "pharmacy-stock-elderly-phone.png"))

    english = English(browser, live_server, "countyA_pharmacist")
    english.visit("/pharmacy/catalogue", "catalogue-table")
    english.page.get_by_test_id("drug-open-stock").first.click()
    english.check("stock-batches")
    english.page.keyboard.press("Escape")
    english.page.get_by_test_id("drug-edit").first.click()
    english.check("drug-dialog")
    english.page.keyboard.press("Escape")
    english.page.get_by_test_id("catalogue-import").click()
    english.check("import-dialog")
    english.page.get_by_test_id("import-dialog").get_by_text("File format").click()
    english.check("import-format")
    english.page.wait_for_timeout(500)  # the section has finished unfolding, for the picture
    english.page.screenshot(path=str(artifacts / "pharmacy-import-en.png"))
    problems = english.close()
    assert problems == [], "\n".join(problems)
