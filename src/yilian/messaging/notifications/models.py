"""Tables of this module."""
