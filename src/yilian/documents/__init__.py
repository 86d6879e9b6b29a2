"""Signed documents: issuing a case module's rendered PDF under its organisation's signature,
keeping it, and telling anyone holding a PDF whether yilian issued it untouched."""
