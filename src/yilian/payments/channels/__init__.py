"""The payment channels, by name."""

from __future__ import annotations

from yilian.payments.channels.alipay import AlipayChannel
from yilian.payments.channels.base import Channel
from yilian.payments.channels.clinic import ClinicChannel
from yilian.payments.channels.demo import DemoChannel
from yilian.payments.channels.wechat import WeChatChannel

CHANNELS: dict[str, Channel] = {c.name: c for c in (
    WeChatChannel(), AlipayChannel(), ClinicChannel(), DemoChannel())}
# Channels that need a merchant account (and so a configuration with credentials).
GATEWAYS = ("wechat", "alipay")
