"""Settings from the environment (prefix ``YILIAN_``); the defaults give the embedded mode."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="YILIAN_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path("./yilian-data"), description="where embedded data lives")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy async URL; default: SQLite file in data_dir"
    )
    redis_url: str | None = None
    key_file: Path | None = Field(
        default=None, description="JSON key ring for field encryption; default: data_dir/keys.json"
    )
    keys_json: str | None = Field(
        default=None, description="the key ring itself, as JSON, instead of a file"
    )

    # Sign-in and sessions (等保三级: lockout, timeout, two-factor for staff).
    require_staff_totp: bool = True
    session_idle_minutes: int = 30
    session_absolute_hours: int = 12
    # How long a process may reuse a resolved session (see core/actorcache.py); 0 turns it off.
    session_cache_seconds: float = 2.0
    lockout_failures: int = 5
    lockout_minutes: int = 15
    password_min_length: int = 10
    password_history: int = 5
    cookie_secure: bool = False
    auth_rate_limit_per_minute: int = 60
    # Refusals that concern no record (forged or expired tokens) one address may cause per
    # minute before its requests are answered 429 for the rest of it (decision 0005); 0: no limit.
    refusal_rate_limit_per_minute: int = 300

    # Per API process, at least the requests one process serves at once: a request waiting for a
    # pooled connection can be overtaken again and again (measured: p99 1 s at 20, 0.2 s at 40).
    # Keep processes x (pool + 5) under PostgreSQL's max_connections.
    db_pool_size: int = 40
    db_echo: bool = False
    # Events, jobs and realtime (DESIGN §5). A broker URL (redis:// or amqp://) moves jobs to
    # `yilian worker` and periodic work to `yilian scheduler`; without one, both run in process.
    broker_url: str | None = None
    relay_poll_seconds: float = 2.0
    relay_lease_seconds: float = 30.0
    ws_heartbeat_seconds: float = 20.0

    # Files: content-addressed blobs under storage_dir (default data_dir/files).
    storage_dir: Path | None = None
    upload_max_bytes: int = 50 * 1024 * 1024
    upload_chunk_max_bytes: int = 1024 * 1024

    # Video: ICE servers handed to browsers. TURN credentials are time-limited, made from
    # turn_secret the way coturn's REST API expects (use-auth-secret / static-auth-secret).
    stun_urls: list[str] = Field(default_factory=list)
    turn_urls: list[str] = Field(default_factory=list)
    turn_secret: str | None = None
    turn_ttl_seconds: int = 6 * 3600
    mesh_max_participants: int = 4
    # The SFU of MDT rooms (Janus VideoRoom, decision 0021). Browsers reach janus_ws_url; the
    # server alone uses the HTTP and admin APIs and their secrets. Without janus_url every call
    # is a mesh. `yilian serve` with one worker sets janus_embedded: it then starts the machine's
    # Janus itself when one is installed and none is configured, and fills these in.
    janus_url: str | None = None
    janus_admin_url: str | None = None
    janus_ws_url: str | None = None
    janus_api_secret: str | None = None
    janus_admin_secret: str | None = None
    janus_room_admin_key: str | None = None
    janus_embedded: bool = False
    # A join token lives this long at most, and dies sooner when its holder has been out of the
    # call longer than the grace (a dropped village link gets this long to come back).
    sfu_token_ttl_seconds: int = 4 * 3600
    sfu_reconnect_grace_seconds: int = 90
    # Where Janus writes recordings (.mjr) before they are turned into case files.
    recording_dir: Path | None = None

    # Outward notification channels; unset ones are written to the log instead of sent.
    sms_gateway_url: str | None = None
    wechat_gateway_url: str | None = None
    smtp_url: str | None = Field(default=None, description="smtp://user:pass@host:port")
    mail_from: str = "yilian@localhost"

    # Payments. The demo channel (no money moves) only where this is on: `yilian demo` sets it.
    demo_payments: bool = False
    # The gateways' API addresses, when they are reached through a proxy (or a test's fake);
    # unset: the SDKs' production addresses.
    wechatpay_api_url: str | None = None
    alipay_gateway_url: str | None = None

    web_dist: Path | None = Field(default=None, description="built SPA; default: web/dist")
    # Where people reach the web app: printed on signed documents (their QR code and the
    # verification page). `yilian serve` and `yilian demo` fill it in from their address when
    # it is not set; behind nginx set it to the public https address.
    public_base_url: str = Field(default="http://127.0.0.1:8000",
                                 description="the web app's address as people reach it")
    log_json: bool = True

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            url = self.database_url
            if url.startswith("postgresql://") or url.startswith("postgres://"):
                url = "postgresql+asyncpg://" + url.split("://", 1)[1]
            return url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite+aiosqlite:///{(self.data_dir / 'yilian.db').resolve()}"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    @cached_property
    def resolved_key_file(self) -> Path:
        return self.key_file or (self.data_dir / "keys.json")

    @property
    def embedded_workers(self) -> bool:
        """Jobs and periodic work run inside the API process (no broker configured)."""
        return not self.broker_url

    @cached_property
    def resolved_storage_dir(self) -> Path:
        return self.storage_dir or (self.data_dir / "files")

    @cached_property
    def resolved_recording_dir(self) -> Path:
        return self.recording_dir or (self.data_dir / "recordings")

    @property
    def sfu_configured(self) -> bool:
        return bool(self.janus_url and self.janus_admin_url and self.janus_ws_url)

    @cached_property
    def resolved_web_dist(self) -> Path:
        if self.web_dist:
            return self.web_dist
        return Path(__file__).resolve().parents[2] / "web" / "dist"
