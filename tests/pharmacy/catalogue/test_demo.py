"""The demo's pharmacy: the catalogue imported at each hospital holding online clinics, two
batches of each drug in stock, one drug out of stock and one batch expiring within 30 days; and
a second build adds nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.demo.helpers import Db
from tests.pharmacy.catalogue.helpers import SAMPLE
from yilian.alliance.models import Organisation
from yilian.core.clock import SHANGHAI
from yilian.demo import build_demo, builder
from yilian.demo.layout import CLINIC_ORGS, ORGS_BY_KEY
from yilian.pharmacy.catalogue import importer
from yilian.pharmacy.catalogue.models import Drug, StockBatch


@pytest.fixture
def small_catalogue(monkeypatch):
    """The six drugs of the tests' sample instead of the demo's catalogue, and so no demo
    prescriptions (they name drugs of the demo's catalogue)."""
    monkeypatch.setattr(builder, "DEMO_DRUGS", SAMPLE)
    monkeypatch.setattr(builder, "VISIT_STORIES", tuple(
        replace(story, prescription=None) for story in builder.VISIT_STORIES))


async def test_each_clinic_hospital_gets_the_catalogue_and_stock(settings, clock,
                                                                  small_catalogue):
    report = await build_demo(settings, size=10, clock=clock)
    assert report.added["drugs"] == 6 * len(CLINIC_ORGS)
    assert report.added["stock batches"] == 2 * 5 * len(CLINIC_ORGS)
    db = Db(settings)
    names = {o.id: o.name for (o,) in await db.rows(select(Organisation))}
    hospitals = {ORGS_BY_KEY[key].name for key in CLINIC_ORGS}
    drugs = [d for (d,) in await db.rows(select(Drug))]
    assert Counter(names[d.organisation_id] for d in drugs) == dict.fromkeys(hospitals, 6)
    batches = [b for (b,) in await db.rows(select(StockBatch))]
    today = clock.now().astimezone(SHANGHAI).date()
    by_drug: dict = {}
    for b in batches:
        by_drug.setdefault(b.drug_id, []).append(b)
    for org_id in {d.organisation_id for d in drugs}:
        codes = sorted(d.code for d in drugs if d.organisation_id == org_id)
        ids = {d.code: d.id for d in drugs if d.organisation_id == org_id}
        out = [c for c in codes if ids[c] not in by_drug]
        assert out == [codes[builder.OUT_OF_STOCK_AT]]
        soon = [c for c in codes if any(b.expires_on <= today + timedelta(days=30)
                                        for b in by_drug.get(ids[c], []))]
        assert soon == [codes[builder.EXPIRING_AT]]
    for b in batches:
        assert b.quantity > 0 and b.expires_on > today
        months = (b.expires_on - today).days / 30.4
        assert months <= 24 and (months >= 6 or b.expires_on <= today + timedelta(days=30))
    assert len({b.quantity for b in batches}) > 3  # varied

    before = await db.table_counts()
    again = await build_demo(settings, size=10, clock=clock)
    assert again.added == {} and await db.table_counts() == before


def test_the_packaged_demo_catalogue_has_no_problems():
    if not builder.DEMO_DRUGS.is_file():
        pytest.skip("the demo's catalogue file is not there yet")
    sheet = importer.open_sheet(builder.DEMO_DRUGS.read_bytes(), "csv")
    checker = importer.Checker(sheet)
    for number, cells in sheet.rows:
        checker.check(number, cells)
    assert checker.problems == [] and len(checker.rows) >= 100
    assert len(checker.rows) > builder.OUT_OF_STOCK_AT
