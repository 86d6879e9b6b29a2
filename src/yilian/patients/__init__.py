"""The patient master index (患者主索引), the health record skeleton, consent and break-glass."""
