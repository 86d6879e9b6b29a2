"""Event subscribers, jobs, periodic tasks and client-message handlers of this module."""
