"""The pharmacy: the drug catalogue and stock, prescriptions, their review (审方), dispensing and
delivery."""
