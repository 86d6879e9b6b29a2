"""Fixtures of the catalogue tests."""

from __future__ import annotations

import pytest

from tests.factories import add_staff
from yilian.core.authz import Role


@pytest.fixture
async def keepers(world):
    """Pharmacists at the town A1 and the county B, who keep those catalogues."""
    await add_staff(world, "pharmacist_a1", Role.pharmacist, "A1")
    await add_staff(world, "pharmacist_b", Role.pharmacist, "B")
    return world
