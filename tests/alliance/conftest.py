import pytest


@pytest.fixture
def admin(client, world):
    """The alliance administrator, granted at the province hospital (the alliance root)."""
    return world.client_as(client, "alliance_admin")
