"""Notification templates: what a notification says, in which words, through which channels.

A template names every parameter a caller may pass; anything else is refused when the
notification is requested. The in-app title and body may use all of them. Outward channels
(SMS, WeChat, e-mail) leave the platform, so they carry only a short text and the title, and
those may use only the parameters the template declares SMS-safe (case numbers, times,
organisation names). A rendered outward text that still looks like a resident ID or a mobile
number is refused, whatever the template says.
"""

from __future__ import annotations

import enum
import re
import string
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from yilian.core.clock import SHANGHAI


class OutwardChannel(enum.StrEnum):
    sms = "sms"
    wechat = "wechat"
    email = "email"


# Parameter names that can only ever carry a patient identifier or clinical data; a template that
# declares one SMS-safe is a programming error, caught when it is registered.
NEVER_OUTWARD = frozenset({
    "patient", "patient_name", "name", "resident_id", "id_number", "phone", "mobile",
    "address", "diagnosis", "case_title", "summary",
})
MAX_PARAM_LENGTH = 200

# An 18-character resident ID (17 digits and a digit or X) anywhere, even inside a longer code;
# a mainland mobile number not inside a longer run of digits.
RESIDENT_ID = re.compile(r"\d{17}[0-9Xx]")
MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@dataclass(frozen=True)
class Template:
    title_zh: str
    title_en: str
    body_zh: str
    body_en: str
    params: frozenset[str] = frozenset()
    # The short text for outward channels (Chinese: SMS and WeChat users here read Chinese).
    sms_zh: str | None = None
    sms_params: frozenset[str] = frozenset()
    channels: frozenset[OutwardChannel] = field(default_factory=frozenset)

    def check(self, key: str) -> None:
        """Refuses a template whose texts use undeclared or unsafe parameters."""
        for text in (self.title_zh, self.title_en, self.body_zh, self.body_en):
            if unknown := _fields(text) - self.params:
                raise ValueError(f"template {key} uses undeclared parameters {sorted(unknown)}")
        if not self.sms_params <= self.params:
            raise ValueError(f"template {key}: SMS-safe parameters must be declared parameters")
        if unsafe := self.sms_params & NEVER_OUTWARD:
            raise ValueError(f"template {key}: {sorted(unsafe)} may never leave the platform")
        if self.channels and self.sms_zh is None:
            raise ValueError(f"template {key} has outward channels but no outward text")
        outward = [self.title_zh] + ([self.sms_zh] if self.sms_zh else [])
        for text in outward:
            if not_safe := _fields(text) - self.sms_params:
                raise ValueError(f"template {key}: outward text uses {sorted(not_safe)}, "
                                 "which are not SMS-safe")


_templates: dict[str, Template] = {}
# Parameters whose values are codes (a case's time limit: "schedule"), and each code's words
# (zh, en): a notice says them in the reader's language.
_words: dict[str, dict[str, tuple[str, str]]] = {}


def register_words(param: str, words: dict[str, tuple[str, str]]) -> None:
    """Words for the codes a parameter may carry; a code registered twice must say the same."""
    known = _words.setdefault(param, {})
    for code, pair in words.items():
        if known.setdefault(code, pair) != pair:
            raise ValueError(f"the {param} code {code!r} has two wordings")


def _worded(params: dict[str, str], lang: str) -> dict[str, str]:
    """The parameters with their codes in words (an unknown value, e.g. one stored before it
    became a code, as it is)."""
    i = 1 if lang == "en" else 0
    return {k: (w[v][i] if (w := _words.get(k)) and v in w else v) for k, v in params.items()}


def register_template(key: str, template: Template) -> None:
    if key in _templates:
        raise ValueError(f"template {key} registered twice")
    template.check(key)
    _templates[key] = template


def fields_of(*texts: str) -> frozenset[str]:
    """The parameters some texts use."""
    return frozenset(f for text in texts for f in _fields(text))


def register_texts(prefix: str, texts: dict[str, tuple[str, str, str, str, str]],
                   sms_safe: frozenset[str]) -> None:
    """A case module's templates at once: ``name: (title zh, title en, body zh, body en, SMS
    zh)``, each taking exactly the parameters its texts use, SMS-safe where ``sms_safe`` says
    (and where the rules of :meth:`Template.check` allow)."""
    for name, (title_zh, title_en, body_zh, body_en, sms) in texts.items():
        params = fields_of(title_zh, title_en, body_zh, body_en, sms)
        register_template(f"{prefix}.{name}", Template(
            title_zh=title_zh, title_en=title_en, body_zh=body_zh, body_en=body_en,
            params=params, sms_zh=sms, sms_params=params & sms_safe, channels=ALL_OUTWARD))


def get_template(key: str) -> Template:
    try:
        return _templates[key]
    except KeyError:
        raise ValueError(f"no notification template named {key!r}") from None


def clean_params(key: str, params: dict[str, Any]) -> dict[str, str]:
    """The parameters as the strings the texts show; refuses unknown, missing or odd values.

    Times are shown in Asia/Shanghai. Also renders the outward text once, so a caller learns in
    its own transaction that a value would put an identifier into an SMS.
    """
    template = get_template(key)
    if unknown := set(params) - template.params:
        raise ValueError(f"template {key} does not allow the parameters {sorted(unknown)}")
    if missing := template.params - set(params):
        raise ValueError(f"template {key} needs the parameters {sorted(missing)}")
    clean: dict[str, str] = {}
    for name, value in params.items():
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise ValueError(f"parameter {name}: naive datetime")
            value = value.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
        elif isinstance(value, bool) or not isinstance(value, (str, int)):
            raise ValueError(f"parameter {name}: only text, whole numbers and times")
        text = str(value)
        if len(text) > MAX_PARAM_LENGTH:
            raise ValueError(f"parameter {name}: longer than {MAX_PARAM_LENGTH} characters")
        clean[name] = text
    if template.channels:
        render_outward(key, clean)
    return clean


def render(key: str, params: dict[str, str], lang: str) -> tuple[str, str]:
    """The in-app title and body in ``lang`` ("zh" or "en")."""
    t = get_template(key)
    params = _worded(params, lang)
    if lang == "en":
        return t.title_en.format_map(params), t.body_en.format_map(params)
    return t.title_zh.format_map(params), t.body_zh.format_map(params)


def render_outward(key: str, params: dict[str, str]) -> tuple[str, str]:
    """Subject and text for an outward channel, from the SMS-safe parameters only."""
    t = get_template(key)
    if t.sms_zh is None:
        raise ValueError(f"template {key} has no outward text")
    safe = _worded({k: v for k, v in params.items() if k in t.sms_params}, "zh")
    subject, text = t.title_zh.format_map(safe), t.sms_zh.format_map(safe)
    for part in (subject, text):
        if RESIDENT_ID.search(part) or MOBILE.search(part):
            raise ValueError(f"template {key}: the outward text would carry a resident ID "
                             "or a phone number")
    return subject, text


ALL_OUTWARD = frozenset(OutwardChannel)

# --- the generic templates of the messaging module -------------------------------------------

register_template("conversation.added", Template(
    title_zh="您已加入病例会话",
    title_en="Added to a case conversation",
    body_zh="您已被加入病例「{case_title}」（{case_number}）的会话。",
    body_en="You were added to the conversation of case “{case_title}” ({case_number}).",
    params=frozenset({"case_title", "case_number"}),
    sms_zh="您已被加入病例{case_number}的会话，请登录医联平台查看。",
    sms_params=frozenset({"case_number"}),
    channels=ALL_OUTWARD,
))
register_template("conversation.removed", Template(
    title_zh="您已退出病例会话",
    title_en="Removed from a case conversation",
    body_zh="您已被移出病例「{case_title}」（{case_number}）的会话。",
    body_en="You were removed from the conversation of case “{case_title}” ({case_number}).",
    params=frozenset({"case_title", "case_number"}),
    sms_zh="您已被移出病例{case_number}的会话。",
    sms_params=frozenset({"case_number"}),
    channels=ALL_OUTWARD,
))
register_template("video.starting", Template(
    title_zh="视频会话即将开始",
    title_en="A video session is starting",
    body_zh="病例{case_number}的视频会话将于{time}开始，请准时加入。",
    body_en="The video session of case {case_number} starts at {time}. Please join on time.",
    params=frozenset({"case_number", "time"}),
    sms_zh="病例{case_number}的视频会话将于{time}开始，请登录医联平台加入。",
    sms_params=frozenset({"case_number", "time"}),
    channels=ALL_OUTWARD,
))
