"""Typed configuration, loaded once at start from `config.toml`.

Every section is a frozen dataclass whose defaults are the documented ones; an
unknown key or a value of the wrong type is an error naming the key, so a typo
never silently falls back to a default.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_type_hints
from zoneinfo import ZoneInfo

from replies.types import CompanyInfo

CONFIG_ENV = "PRIVACY_ASSISTANT_CONFIG"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DEFAULT_CONFIG = "config.toml"
# A console session longer than a month is a forgotten sign-in on a shared computer.
MAX_SESSION_HOURS = 720


class ConfigError(Exception):
    """A configuration problem, said in one line that names the key."""


@dataclass(frozen=True)
class SmtpConfig:
    host: str = "127.0.0.1"
    port: int = 8025
    recipients: list[str] = field(default_factory=lambda: ["contact-sodepac@sodepac.com"])
    max_message_size: int = 10_485_760
    hostname: str = "privacy-assistant.sodepac.com"
    max_recipients: int = 100
    max_connections: int = 100
    max_connections_per_address: int = 10
    idle_timeout_seconds: float = 300.0
    data_timeout_seconds: float = 600.0
    max_line_length: int = 1_048_576
    spool_threshold_bytes: int = 1_048_576
    tls_cert_file: str = ""
    tls_key_file: str = ""
    require_starttls: bool = False


@dataclass(frozen=True)
class DatabaseConfig:
    url: str = "sqlite+aiosqlite:///data/assistant.db"
    password_env: str = "PRIVACY_ASSISTANT_DB_PASSWORD"


@dataclass(frozen=True)
class WebConfig:
    host: str = "127.0.0.1"
    port: int = 8000
    secret_key_env: str = "PRIVACY_ASSISTANT_SECRET_KEY"
    secure_cookies: bool = True
    session_hours: int = 12
    # The console's language for staff who have not chosen one and whose browser asks for neither.
    default_language: str = "en"


@dataclass(frozen=True)
class OutboundConfig:
    host: str = "127.0.0.1"
    port: int = 2525
    from_address: str = "contact-sodepac@sodepac.com"  # the key `from` in the file
    security: str = "none"
    username: str = ""
    password_env: str = "PRIVACY_ASSISTANT_SMTP_PASSWORD"
    max_attempts: int = 10
    retry_base_seconds: float = 30.0
    timeout_seconds: float = 60.0


@dataclass(frozen=True)
class ImapConfig:
    enabled: bool = False
    host: str = ""
    port: int = 993
    security: str = "tls"
    username: str = ""
    password_env: str = "PRIVACY_ASSISTANT_IMAP_PASSWORD"
    folder: str = "INBOX"
    processed_folder: str = ""
    poll_interval: float = 60.0
    use_idle: bool = True
    tls_ca_file: str = ""
    auth: str = "password"
    oauth2_token_command: str = ""
    oauth2_token_file: str = ""
    max_messages_per_round: int = 100
    max_bytes_per_round: int = 52_428_800
    max_message_bytes: int = 104_857_600
    lease_seconds: float = 60.0


@dataclass(frozen=True)
class ChatConfig:
    enabled: bool = True
    max_length: int = 10_000
    per_hour: int = 5
    answer_wait_seconds: float = 3.0
    embed_origins: list[str] = field(default_factory=lambda: ["https://www.sodepac.com", "https://sodepac.com"])
    # The conversation API (POST /api/chat) and its one-time codes; counted in the database.
    messages_per_hour: int = 60
    session_messages_per_hour: int = 30
    session_idle_minutes: int = 30
    codes_per_hour: int = 3
    code_minutes: int = 15
    code_attempts: int = 5


@dataclass(frozen=True)
class ReportsConfig:
    recipients: list[str] = field(default_factory=list)
    weekday: str = "monday"
    time: str = "08:00"
    timezone: str = "Europe/Paris"


@dataclass(frozen=True)
class ServiceConfig:
    own_domains: list[str] = field(default_factory=lambda: ["sodepac.com"])
    timezone: str = "Europe/Paris"


@dataclass(frozen=True)
class PipelineConfig:
    poll_interval: float = 2.0
    # Reading processes `serve` starts (parse, classify, entities: CPU work, off the SMTP edge's
    # interpreter); 0 reads in a thread of the serve process itself (less memory, slower under a burst).
    workers: int = 1


@dataclass(frozen=True)
class ClassifierConfig:
    review_threshold: float = 0.5
    # Negative: the margin fitted on held-out mail when the model was trained (its meta.json).
    review_margin: float = -1.0
    model_dir: str = ""


@dataclass(frozen=True)
class RepliesConfig:
    acknowledge: bool = False


@dataclass(frozen=True)
class RetentionConfig:
    """How long the assistant keeps what people wrote (GDPR Art. 5(1)(e), storage limitation)."""

    months: int = 36
    noise_days: int = 30
    sign_in_days: int = 180  # sign-in log rows (who tried which name from where): security logs, then gone
    plus_addressing: bool = False


@dataclass(frozen=True)
class IdentityConfig:
    authserv_id: str = ""  # RFC 8601 authserv-id of OUR receiving server; "" trusts no DMARC result


@dataclass(frozen=True)
class DigestConfig:
    recipients: list[str] = field(default_factory=list)
    time: str = "08:00"


@dataclass(frozen=True)
class Config:
    smtp: SmtpConfig = field(default_factory=SmtpConfig)
    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    web: WebConfig = field(default_factory=WebConfig)
    outbound: OutboundConfig = field(default_factory=OutboundConfig)
    service: ServiceConfig = field(default_factory=ServiceConfig)
    pipeline: PipelineConfig = field(default_factory=PipelineConfig)
    classifier: ClassifierConfig = field(default_factory=ClassifierConfig)
    replies: RepliesConfig = field(default_factory=RepliesConfig)
    reports: ReportsConfig = field(default_factory=ReportsConfig)
    imap: ImapConfig = field(default_factory=ImapConfig)
    chat: ChatConfig = field(default_factory=ChatConfig)
    retention: RetentionConfig = field(default_factory=RetentionConfig)
    identity: IdentityConfig = field(default_factory=IdentityConfig)
    digest: DigestConfig = field(default_factory=DigestConfig)
    company: CompanyInfo = field(default_factory=CompanyInfo)  # [company]: facts every reply repeats
    base_dir: Path = Path(".")

    @property
    def database_url(self) -> str:
        """The URL with a relative SQLite path made relative to the config file's folder."""
        return resolve_database_url(self.database.url, self.base_dir, self.database.password_env)

    def model_path(self) -> Path | None:
        if not self.classifier.model_dir:
            return None
        path = Path(self.classifier.model_dir)
        return path if path.is_absolute() else self.base_dir / path


# File keys that are Python keywords or ambiguous get another attribute name.
_RENAMED_KEYS = {("outbound", "from"): "from_address"}
_RENAMED_ATTRIBUTES = {(section, attribute) for (section, _), attribute in _RENAMED_KEYS.items()}


def resolve_database_url(url: str, base_dir: Path, password_env: str = "") -> str:
    prefix = "sqlite+aiosqlite:///"
    if url.startswith(prefix):
        path = url[len(prefix) :]
        if path and path != ":memory:" and not Path(path).is_absolute():
            return prefix + str((base_dir / path).resolve())
        return url
    password = os.environ.get(password_env) if password_env else None
    if password and "://" in url:
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        if parsed.password is None:
            return parsed.set(password=password).render_as_string(hide_password=False)
    return url


def config_path(explicit: str | None) -> Path:
    """`--config`, else $PRIVACY_ASSISTANT_CONFIG, else ./config.toml."""
    return Path(explicit or os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)


def load_config(path: Path) -> Config:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"config file {path} is not valid TOML: {error}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"config file {path} is not UTF-8 text (TOML): is it the right file?") from None
    except OSError as error:
        raise ConfigError(f"cannot read config file {path}: {error.strerror}") from None
    return parse_config(data, base_dir=path.resolve().parent)


def parse_config(data: dict[str, Any], *, base_dir: Path) -> Config:
    sections: dict[str, Any] = {}
    section_types = get_type_hints(Config)
    for name, values in data.items():
        section_type = section_types.get(name)
        if name == "base_dir" or section_type is None:
            raise ConfigError(f"unknown config section [{name}]")
        if not isinstance(values, dict):
            raise ConfigError(f"config key {name} must be a section [{name}]")
        sections[name] = _parse_section(name, section_type, values)
    config = Config(**sections, base_dir=base_dir)
    _check_values(config)
    return config


def _parse_section(section: str, section_type: type, values: dict[str, Any]) -> Any:
    hints = get_type_hints(section_type)
    kwargs = {}
    for key, value in values.items():
        attribute = _RENAMED_KEYS.get((section, key), key)
        if attribute not in hints or (key == attribute and (section, attribute) in _RENAMED_ATTRIBUTES):
            raise ConfigError(f"unknown config key {section}.{key}")
        kwargs[attribute] = _coerce(f"{section}.{key}", hints[attribute], value)
    return section_type(**kwargs)


def _coerce(key: str, expected: Any, value: Any) -> Any:
    if expected is bool:
        if isinstance(value, bool):
            return value
        raise ConfigError(f"config key {key} must be true or false, not {value!r}")
    if expected is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise ConfigError(f"config key {key} must be a whole number, not {value!r}")
    if expected is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise ConfigError(f"config key {key} must be a number, not {value!r}")
    if expected is str:
        if isinstance(value, str):
            return value
        raise ConfigError(f"config key {key} must be a string, not {value!r}")
    if getattr(expected, "__origin__", None) is list:
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return value
        raise ConfigError(f"config key {key} must be a list of strings, not {value!r}")
    raise ConfigError(f"config key {key} has an unsupported type")  # pragma: no cover


def _check_values(config: Config) -> None:
    for key, port in (("smtp.port", config.smtp.port), ("web.port", config.web.port),
                      ("outbound.port", config.outbound.port)):
        if not 0 <= port <= 65535:
            raise ConfigError(f"config key {key} must be a port number (0-65535), not {port}")
    if not config.smtp.recipients:
        raise ConfigError("config key smtp.recipients must name at least one address")
    if any("@" not in address for address in config.smtp.recipients):
        raise ConfigError("config key smtp.recipients must hold email addresses")
    _check_smtp(config.smtp)
    if not config.database.url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
        raise ConfigError(
            "config key database.url must start with sqlite+aiosqlite:// or postgresql+asyncpg://"
        )
    if config.outbound.security not in {"none", "starttls", "tls"}:
        raise ConfigError("config key outbound.security must be none, starttls or tls")
    if not 0.0 <= config.classifier.review_threshold <= 1.0:
        raise ConfigError("config key classifier.review_threshold must be between 0 and 1")
    if not (config.classifier.review_margin == -1.0 or 0.0 <= config.classifier.review_margin <= 1.0):
        raise ConfigError("config key classifier.review_margin must be -1 (the model's own) or between 0 and 1")
    if config.pipeline.poll_interval <= 0:
        raise ConfigError("config key pipeline.poll_interval must be positive")
    if not 0 <= config.pipeline.workers <= 16:
        raise ConfigError(f"config key pipeline.workers must be between 0 and 16, not {config.pipeline.workers}")
    for key, zone in (("service.timezone", config.service.timezone), ("reports.timezone", config.reports.timezone)):
        try:
            ZoneInfo(zone)
        except Exception:
            raise ConfigError(f"config key {key}: unknown time zone {zone!r}") from None
    if config.reports.weekday.lower() not in WEEKDAYS:
        raise ConfigError(f"config key reports.weekday must be a day name, not {config.reports.weekday!r}")
    for key, value in (("reports.time", config.reports.time), ("digest.time", config.digest.time)):
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
            raise ConfigError(f"config key {key} must be HH:MM, not {value!r}")
    if any("@" not in address for address in config.digest.recipients):
        raise ConfigError("config key digest.recipients must hold email addresses")
    if any(c.isspace() or c == ";" for c in config.identity.authserv_id):
        raise ConfigError(f"config key identity.authserv_id must be one host name, not {config.identity.authserv_id!r}")
    if config.outbound.max_attempts < 1:
        raise ConfigError("config key outbound.max_attempts must be at least 1")
    if config.outbound.retry_base_seconds <= 0:
        raise ConfigError("config key outbound.retry_base_seconds must be positive")
    if config.outbound.timeout_seconds <= 0:
        raise ConfigError("config key outbound.timeout_seconds must be positive")
    if not 1 <= config.web.session_hours <= MAX_SESSION_HOURS:
        raise ConfigError(f"config key web.session_hours must be between 1 and {MAX_SESSION_HOURS}, "
                          f"not {config.web.session_hours}")
    if config.web.default_language not in ("en", "fr"):
        raise ConfigError(f"config key web.default_language must be en or fr, not {config.web.default_language!r}")
    # Our own domains name our own mail (loops, forged senders) and mint our Message-IDs.
    if not [domain for domain in config.service.own_domains if domain.strip()]:
        raise ConfigError("config key service.own_domains must name at least one domain, such as sodepac.com")
    if any("@" in domain or not domain.strip() for domain in config.service.own_domains):
        raise ConfigError("config key service.own_domains must hold domain names (sodepac.com), not addresses")
    _check_imap(config.imap)
    _check_chat(config.chat)
    if config.retention.months < 1:
        raise ConfigError("config key retention.months must be at least 1")
    if config.retention.noise_days < 1:
        raise ConfigError("config key retention.noise_days must be at least 1")
    if config.retention.sign_in_days < 1:
        raise ConfigError("config key retention.sign_in_days must be at least 1")
    _check_company(config.company)


def _check_company(company: CompanyInfo) -> None:
    """The facts every reply signs with must be there; the others may be empty (drafts then ask staff)."""
    for key in ("name", "postal_address", "privacy_email"):
        if not getattr(company, key).strip():
            raise ConfigError(f"config key company.{key} must not be empty")
    if "@" not in company.privacy_email:
        raise ConfigError("config key company.privacy_email must be an email address")


def _check_smtp(smtp: SmtpConfig) -> None:
    for key in ("max_message_size", "max_recipients", "max_connections", "max_connections_per_address",
                "spool_threshold_bytes"):
        if getattr(smtp, key) < 1:
            raise ConfigError(f"config key smtp.{key} must be at least 1")
    if smtp.max_line_length < 1000:
        raise ConfigError("config key smtp.max_line_length must be at least 1000 (RFC 5321 §4.5.3.1.6)")
    for key in ("idle_timeout_seconds", "data_timeout_seconds"):
        if not 0 < getattr(smtp, key) <= 86_400:
            raise ConfigError(f"config key smtp.{key} must be between 0 and 86400 seconds")
    if smtp.require_starttls and not smtp.tls_cert_file:
        raise ConfigError("config key smtp.require_starttls needs smtp.tls_cert_file")
    if smtp.tls_key_file and not smtp.tls_cert_file:
        raise ConfigError("config key smtp.tls_key_file needs smtp.tls_cert_file")


# An origin for CSP frame-ancestors (scheme, host, optional port): nothing that could end the directive.
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?")


def _check_chat(chat: ChatConfig) -> None:
    if chat.max_length < 1:
        raise ConfigError("config key chat.max_length must be at least 1")
    for key in ("per_hour", "messages_per_hour", "session_messages_per_hour", "session_idle_minutes",
                "codes_per_hour", "code_minutes", "code_attempts"):
        if getattr(chat, key) < 1:
            raise ConfigError(f"config key chat.{key} must be at least 1")
    if not 0.0 <= chat.answer_wait_seconds <= 10.0:
        raise ConfigError("config key chat.answer_wait_seconds must be between 0 and 10")
    for origin in chat.embed_origins:
        if not _ORIGIN.fullmatch(origin):
            raise ConfigError(f"config key chat.embed_origins must hold origins such as https://www.example.com, "
                              f"not {origin!r}")


def _check_imap(imap: ImapConfig) -> None:
    if not 0 <= imap.port <= 65535:
        raise ConfigError(f"config key imap.port must be a port number (0-65535), not {imap.port}")
    if imap.security not in {"none", "starttls", "tls"}:
        raise ConfigError("config key imap.security must be none, starttls or tls")
    if imap.poll_interval <= 0:
        raise ConfigError("config key imap.poll_interval must be positive")
    if imap.processed_folder and imap.processed_folder == imap.folder:
        raise ConfigError("config key imap.processed_folder must differ from imap.folder")
    if imap.auth not in {"password", "xoauth2"}:
        raise ConfigError("config key imap.auth must be password or xoauth2")
    if imap.auth == "xoauth2" and bool(imap.oauth2_token_command) == bool(imap.oauth2_token_file):
        raise ConfigError("config key imap.oauth2_token_command or imap.oauth2_token_file (one of them) "
                          "must be set when imap.auth is xoauth2")
    for key in ("max_messages_per_round", "max_bytes_per_round", "max_message_bytes"):
        if getattr(imap, key) < 1:
            raise ConfigError(f"config key imap.{key} must be at least 1")
    if imap.lease_seconds < 3:
        raise ConfigError("config key imap.lease_seconds must be at least 3")
    if imap.enabled:
        for key, value in (("host", imap.host), ("username", imap.username), ("folder", imap.folder)):
            if not value.strip():
                raise ConfigError(f"config key imap.{key} must be set when imap.enabled is true")


def with_overrides(config: Config, **sections: Any) -> Config:
    """A copy with some sections replaced (tests and commands that pick a port)."""
    return dataclasses.replace(config, **sections)
