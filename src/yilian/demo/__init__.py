"""The demo alliance: a fictional provincial medical alliance with staff and patients."""

from yilian.demo.builder import DEFAULT_SIZE, DemoAccount, DemoReport, build_demo, demo_accounts
from yilian.demo.layout import DEMO_PASSWORD

__all__ = ["DEFAULT_SIZE", "DEMO_PASSWORD", "DemoAccount", "DemoReport", "build_demo",
           "demo_accounts"]
