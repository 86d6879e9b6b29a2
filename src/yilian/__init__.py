"""yilian (医联): an internet-hospital platform for regional medical alliances."""

__version__ = "0.1.0"
