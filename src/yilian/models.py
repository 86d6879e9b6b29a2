"""Every table of the application, for migrations and schema checks."""

from yilian.alliance import models as _alliance  # noqa: F401
from yilian.cases import models as _cases  # noqa: F401
from yilian.clinic import models as _clinic  # noqa: F401
from yilian.clinic.visits import models as _clinic_visits  # noqa: F401
from yilian.consultation import models as _consultation  # noqa: F401
from yilian.core import accesslog as _accesslog  # noqa: F401
from yilian.core import audit as _audit  # noqa: F401
from yilian.core import events as _events  # noqa: F401
from yilian.core.db import Base
from yilian.documents import models as _documents  # noqa: F401
from yilian.files import models as _files  # noqa: F401
from yilian.followup import models as _followup  # noqa: F401
from yilian.identity import models as _identity  # noqa: F401
from yilian.messaging.conversations import models as _conversations  # noqa: F401
from yilian.messaging.notifications import models as _notifications  # noqa: F401
from yilian.messaging.video import models as _video  # noqa: F401
from yilian.patients import models as _patients  # noqa: F401
from yilian.payments import models as _payments  # noqa: F401
from yilian.pharmacy.catalogue import models as _pharmacy_catalogue  # noqa: F401
from yilian.referral import models as _referral  # noqa: F401
from yilian.scheduling import models as _scheduling  # noqa: F401

metadata = Base.metadata
