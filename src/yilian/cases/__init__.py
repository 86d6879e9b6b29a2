"""What every case with a lifecycle shares (consultations, referrals): numbering, the step-by-step
timeline, and per-organisation time limits (SLA) with working days."""
