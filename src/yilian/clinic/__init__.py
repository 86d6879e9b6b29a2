"""Online clinic (互联网复诊): schedules, fees and finding a doctor."""
