"""Every module that registers event subscribers, jobs, periodic tasks or WebSocket message
handlers, imported by each process that runs them (API, worker, scheduler)."""

import yilian.cases.handlers  # noqa: F401  (the case kinds' sweep)
import yilian.clinic.visits.handlers  # noqa: F401  (the online visit kind, its payment hook)
import yilian.consultation.kind  # noqa: F401
import yilian.core.accesslog  # noqa: F401  (the periodic sealing of the access log)
import yilian.core.realtime  # noqa: F401  (the realtime push subscriber)
import yilian.files.handlers  # noqa: F401
import yilian.followup.service  # noqa: F401  (registers the "followup.created" template)
import yilian.messaging.conversations.handlers  # noqa: F401
import yilian.messaging.notifications.handlers  # noqa: F401
import yilian.messaging.video.handlers  # noqa: F401
import yilian.payments.handlers  # noqa: F401  (gateway refunds, the lapse sweep)
import yilian.pharmacy.catalogue.handlers  # noqa: F401  (catalogue imports, their sweep)
import yilian.pharmacy.prescriptions.service  # noqa: F401  (the prescription kind, its payment hook)
import yilian.referral.kind  # noqa: F401
