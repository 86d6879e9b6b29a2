"""The outward channels against local stand-ins: an HTTP gateway and an SMTP server."""

from __future__ import annotations

import asyncio
import json
import threading
from email import message_from_bytes
from email.header import decode_header, make_header
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from structlog.testing import capture_logs

from yilian.messaging.notifications.channels import (
    ChannelError,
    EmailChannel,
    LoggingChannel,
    SmsGatewayChannel,
    WeChatTemplateChannel,
    build_email,
    channel_for,
)
from yilian.messaging.notifications.templates import OutwardChannel
from yilian.settings import Settings


@pytest.fixture
def gateway():
    """A tiny HTTP gateway in a thread; records the JSON bodies it receives."""
    received: list[dict] = []
    status = {"code": 200}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(status["code"])
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/send", received, status
    server.shutdown()
    server.server_close()


async def test_sms_gateway_receives_the_json(gateway):
    url, received, _ = gateway
    await SmsGatewayChannel(url).send("13800138000", "主题", "短信正文",
                                      template="conversation.added")
    assert received == [{"phone": "13800138000", "text": "短信正文",
                         "template": "conversation.added"}]


async def test_wechat_gateway_receives_a_template_message(gateway):
    url, received, _ = gateway
    await WeChatTemplateChannel(url).send("oOPENID123456", "视频会话即将开始", "正文",
                                          template="video.starting")
    assert received == [{"touser": "oOPENID123456", "template_id": "video.starting",
                         "data": {"first": {"value": "视频会话即将开始"},
                                  "remark": {"value": "正文"}}}]


async def test_a_gateway_error_raises_a_short_safe_error(gateway):
    url, _, status = gateway
    status["code"] = 503
    with pytest.raises(ChannelError) as failed:
        await SmsGatewayChannel(url).send("13800138000", "主题", "正文", template="t")
    assert str(failed.value) == "gateway answered HTTP 503"
    with pytest.raises(ChannelError, match="unreachable"):
        await SmsGatewayChannel("http://127.0.0.1:9/none").send("1", "s", "t", template="t")


async def test_the_logging_channel_logs_the_template_not_the_text():
    with capture_logs() as logs:
        await LoggingChannel("sms").send("13800138000", "主题", "秘密正文", template="video.starting")
    assert logs == [{"event": "notification.outward_logged", "channel": "sms",
                     "template": "video.starting", "log_level": "info"}]


def test_email_message_building():
    message = build_email("yilian@hospital.example", "doc@example.org", "视频会话即将开始", "正文")
    assert message["To"] == "doc@example.org" and message["From"] == "yilian@hospital.example"
    assert str(make_header(decode_header(message["Subject"]))) == "视频会话即将开始"
    assert message.get_content().strip() == "正文"


class SmtpSink:
    """Just enough SMTP (EHLO, AUTH PLAIN, MAIL, RCPT, DATA, QUIT) to receive one message."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.auth: list[str] = []
        self.server: asyncio.base_events.Server | None = None

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._session, "127.0.0.1", 0)
        return self.server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        self.server.close()
        await self.server.wait_closed()

    async def _session(self, reader, writer) -> None:
        def say(line: str) -> None:
            writer.write(line.encode() + b"\r\n")

        say("220 sink ESMTP")
        sender, rcpts = "", []
        while line := await reader.readline():
            verb = line.decode().strip()
            upper = verb.upper()
            if upper.startswith(("EHLO", "HELO")):
                say("250-sink")
                say("250 AUTH PLAIN")
            elif upper.startswith("AUTH PLAIN"):
                self.auth.append(verb.split(" ", 2)[2])
                say("235 ok")
            elif upper.startswith("MAIL FROM:"):
                sender = verb[10:].strip("<> ")
                say("250 ok")
            elif upper.startswith("RCPT TO:"):
                rcpts.append(verb[8:].strip("<> "))
                say("250 ok")
            elif upper == "DATA":
                say("354 go on")
                data = b""
                while (chunk := await reader.readline()) != b".\r\n":
                    data += chunk
                self.messages.append((sender, rcpts, data))
                say("250 queued")
            elif upper == "QUIT":
                say("221 bye")
                await writer.drain()
                break
            else:
                say("250 ok")
            await writer.drain()
        writer.close()


async def test_email_is_sent_over_smtp():
    sink = SmtpSink()
    port = await sink.start()
    try:
        channel = EmailChannel(f"smtp://mailer:s%40cret@127.0.0.1:{port}", "yilian@hospital.example")
        await channel.send("doc@example.org", "视频会话即将开始", "病例HZ1的视频会话将于10:00开始。",
                           template="video.starting")
    finally:
        await sink.stop()
    [(sender, rcpts, data)] = sink.messages
    assert (sender, rcpts) == ("yilian@hospital.example", ["doc@example.org"])
    message = message_from_bytes(data)
    assert str(make_header(decode_header(message["Subject"]))) == "视频会话即将开始"
    assert "视频会话" in message.get_payload(decode=True).decode()
    assert sink.auth  # logged in with the URL's user and password


async def test_an_unreachable_mail_server_raises_a_short_safe_error():
    with pytest.raises(ChannelError, match="unreachable"):
        await EmailChannel("smtp://127.0.0.1:9", "a@b.c").send("x@y.z", "s", "t", template="t")


def test_channels_are_chosen_from_the_settings():
    bare = Settings(_env_file=None)
    for name in OutwardChannel:
        assert isinstance(channel_for(name, bare), LoggingChannel)
    configured = Settings(_env_file=None, sms_gateway_url="http://sms", wechat_gateway_url="http://wx",
                          smtp_url="smtps://mail.example:465")
    assert isinstance(channel_for(OutwardChannel.sms, configured), SmsGatewayChannel)
    assert isinstance(channel_for(OutwardChannel.wechat, configured), WeChatTemplateChannel)
    email = channel_for(OutwardChannel.email, configured)
    assert isinstance(email, EmailChannel) and (email.scheme, email.port) == ("smtps", 465)
    with pytest.raises(ValueError):
        EmailChannel("http://mail", "a@b.c")
