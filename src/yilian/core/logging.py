"""Structured JSON logs. Callers log ids and codes, never patient identifiers."""

from __future__ import annotations

import logging

import structlog
from structlog.typing import FilteringBoundLogger


def configure_logging(*, json_logs: bool = True, level: int = logging.INFO) -> None:
    renderer = structlog.processors.JSONRenderer() if json_logs else structlog.dev.ConsoleRenderer()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        cache_logger_on_first_use=True,
    )


def get_logger(name: str) -> FilteringBoundLogger:
    # structlog types get_logger as Any; configure_logging makes it a filtering bound logger.
    logger: FilteringBoundLogger = structlog.get_logger(name)
    return logger
