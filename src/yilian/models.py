"""Every table of the application, for migrations and schema checks."""

from yilian.alliance import models as _alliance  # noqa: F401
from yilian.core import audit as _audit  # noqa: F401
from yilian.core.db import Base
from yilian.identity import models as _identity  # noqa: F401
from yilian.patients import models as _patients  # noqa: F401

metadata = Base.metadata
