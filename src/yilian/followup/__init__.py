"""Follow-up tasks (随访任务): what a patient's doctor at the community level is to do and by
when, made by other modules (a down-referral's follow-ups when the clinic accepts it; chronic
care later) and completed with a note by whoever does them."""
