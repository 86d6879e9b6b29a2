"""The audit viewer for auditors (the chain itself lives in core.audit)."""
