"""Messaging: notifications, case conversations and video rooms (DESIGN §5, realtime)."""
