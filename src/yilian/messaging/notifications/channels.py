"""Outward channels behind one interface: SMS gateway, WeChat template messages, e-mail.

Each channel is configured by a setting; an unset one writes a log line instead of sending, so
an embedded installation works without any gateway. A channel raises on failure and the
delivery job records the attempt (service.deliver).
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from email.message import EmailMessage
from typing import Protocol
from urllib.parse import unquote, urlsplit

import httpx

from yilian.core.logging import get_logger
from yilian.messaging.notifications.templates import OutwardChannel
from yilian.settings import Settings

log = get_logger(__name__)

HTTP_TIMEOUT = httpx.Timeout(10.0)
SMTP_TIMEOUT = 15.0


class ChannelError(Exception):
    """A failure whose message is safe to store: a status or a reason, never the text sent."""


class Channel(Protocol):
    name: str

    async def send(self, address: str, subject: str, text: str, *, template: str) -> None:
        """Send or raise. ``template`` is the template key, for gateways and logs."""
        ...


class LoggingChannel:
    """The default: records that a message would have gone out (never the text or address)."""

    def __init__(self, name: str) -> None:
        self.name = name

    async def send(self, address: str, subject: str, text: str, *, template: str) -> None:
        log.info("notification.outward_logged", channel=self.name, template=template)


async def _post_json(url: str, body: dict) -> None:
    try:
        async with httpx.AsyncClient(timeout=HTTP_TIMEOUT) as client:
            response = await client.post(url, json=body)
    except httpx.HTTPError as exc:
        raise ChannelError(f"gateway unreachable ({type(exc).__name__})") from None
    if response.status_code >= 300:
        raise ChannelError(f"gateway answered HTTP {response.status_code}")


class SmsGatewayChannel:
    """POSTs ``{"phone", "text", "template"}`` as JSON to the SMS gateway."""

    name = OutwardChannel.sms.value

    def __init__(self, url: str) -> None:
        self.url = url

    async def send(self, address: str, subject: str, text: str, *, template: str) -> None:
        await _post_json(self.url, {"phone": address, "text": text, "template": template})


class WeChatTemplateChannel:
    """POSTs a template message for the gateway that holds the official account's credentials;
    the gateway maps our template key to the account's template id."""

    name = OutwardChannel.wechat.value

    def __init__(self, url: str) -> None:
        self.url = url

    async def send(self, address: str, subject: str, text: str, *, template: str) -> None:
        await _post_json(self.url, {
            "touser": address, "template_id": template,
            "data": {"first": {"value": subject}, "remark": {"value": text}},
        })


def build_email(mail_from: str, to: str, subject: str, text: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text)
    return message


class EmailChannel:
    """SMTP through the standard library, in a thread. ``smtp://`` sends plain (an intranet
    relay), ``smtp+starttls://`` upgrades, ``smtps://`` is TLS from the start; user and password
    in the URL log in."""

    name = OutwardChannel.email.value

    def __init__(self, url: str, mail_from: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtp+starttls", "smtps"):
            raise ValueError("YILIAN_SMTP_URL must start with smtp://, smtp+starttls:// or smtps://")
        self.scheme = parts.scheme
        self.host = parts.hostname or "localhost"
        self.port = parts.port or (465 if parts.scheme == "smtps" else 25)
        self.username = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.mail_from = mail_from

    def _send_blocking(self, message: EmailMessage) -> None:
        if self.scheme == "smtps":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=SMTP_TIMEOUT,
                                                  context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT)
        with smtp:
            if self.scheme == "smtp+starttls":
                smtp.starttls(context=ssl.create_default_context())
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(message)

    async def send(self, address: str, subject: str, text: str, *, template: str) -> None:
        message = build_email(self.mail_from, address, subject, text)
        try:
            await asyncio.to_thread(self._send_blocking, message)
        except smtplib.SMTPResponseException as exc:
            raise ChannelError(f"mail server answered {exc.smtp_code}") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise ChannelError(f"mail server unreachable ({type(exc).__name__})") from None


def channel_for(name: OutwardChannel, settings: Settings) -> Channel:
    """The configured channel of that name, or the logging one."""
    if name == OutwardChannel.sms and settings.sms_gateway_url:
        return SmsGatewayChannel(settings.sms_gateway_url)
    if name == OutwardChannel.wechat and settings.wechat_gateway_url:
        return WeChatTemplateChannel(settings.wechat_gateway_url)
    if name == OutwardChannel.email and settings.smtp_url:
        return EmailChannel(settings.smtp_url, settings.mail_from)
    return LoggingChannel(name.value)
