"""Who may read and who may change an organisation's drug catalogue, stock and imports.

- Reading (the catalogue, the stock, the imports and their reports): any staff member granted at
  the organisation or at one covering it (a county admin, an alliance admin): it is not patient
  data, and doctors prescribe from it.
- Changing (drugs, stock receipts and counts, imports): pharmacists and organisation admins
  granted at the organisation itself.
- Patients read nothing here.
"""

from __future__ import annotations

import uuid

from yilian.core.authz import STAFF_ROLES, Actor, Role, roles

READERS = STAFF_ROLES
WRITERS = frozenset({Role.pharmacist, Role.org_admin})

READ = roles("read the drug catalogue and stock", READERS)
WRITE = roles("change the drug catalogue and stock", WRITERS)


def may_read(actor: Actor, org_path: str) -> bool:
    return actor.role in READERS and actor.covers(org_path)


def may_write(actor: Actor, org_id: uuid.UUID) -> bool:
    return actor.role in WRITERS and actor.org_id == org_id
