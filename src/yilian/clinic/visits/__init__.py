"""The online follow-up visit (互联网复诊) as a case kind: booking with a slot hold, payment, the
queue, the visit itself and its signed outpatient record."""
