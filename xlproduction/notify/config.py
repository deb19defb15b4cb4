"""Where publishing finds its secrets — webhook URLs, the SMTP server and its password — and how it keeps them.

Secrets never go into the workbook: it is shared with finance, emailed, copied. They come from the environment
(``XLPRODUCTION_SLACK_WEBHOOK``, ``XLPRODUCTION_TEAMS_WEBHOOK``, ``XLPRODUCTION_SMTP_URL`` such as
``smtps://user:password@smtp.example.com:465``, ``XLPRODUCTION_MAIL_FROM``), else from a per-user TOML file with the
keys ``slack_webhook``, ``teams_webhook``, ``smtp_url`` and ``mail_from`` (``config_path()``: e.g.
``~/.config/xlproduction/publish.toml`` on Linux, ``%LOCALAPPDATA%\\xlproduction\\publish.toml`` on Windows;
``XLPRODUCTION_CONFIG`` names another file). The environment wins, key by key. On Linux and macOS a file that other
users could read (or write), or that belongs to another user, is refused, as ssh refuses such a key: on Windows the
per-user folder's own permissions protect it.

A secret is held in a ``Secret``, whose ``str`` and ``repr`` are masked, so printing or logging one by mistake shows
``[secret slack webhook]``; ``scrub`` removes every secret's text (and its parts: the password, the URL's path) from
an error message before anyone sees it. Webhook URLs must be https (http only to this machine, for tests and local
relays); an SMTP URL is ``smtps://`` (TLS from the first byte) or ``smtp://`` (STARTTLS, required unless the server
is on this machine).
"""

from __future__ import annotations

import ipaddress
import os
import stat
import sys
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

ENV_SLACK = "XLPRODUCTION_SLACK_WEBHOOK"
ENV_TEAMS = "XLPRODUCTION_TEAMS_WEBHOOK"
ENV_SMTP = "XLPRODUCTION_SMTP_URL"
ENV_FROM = "XLPRODUCTION_MAIL_FROM"
ENV_CONFIG = "XLPRODUCTION_CONFIG"
KEYS = {"slack_webhook": ENV_SLACK, "teams_webhook": ENV_TEAMS, "smtp_url": ENV_SMTP, "mail_from": ENV_FROM}
CONFIG_NAME = "publish.toml"
MASK = "[redacted]"


class ConfigError(Exception):
    """The publishing configuration cannot be used; the message says what to fix and never quotes a secret."""


class Secret:
    """A secret value that does not print itself."""

    __slots__ = ("_value", "name", "source")

    def __init__(self, value: str, name: str, source: str) -> None:
        self._value = value
        self.name = name  # "slack webhook"
        self.source = source  # "XLPRODUCTION_SLACK_WEBHOOK" or the config file's path

    def reveal(self) -> str:
        return self._value

    def parts(self) -> list[str]:
        """The value and the pieces of it that could show up alone in an error (a password, a URL's path). Pieces
        shorter than 3 characters are left alone: masking every "a" of a message would hide what went wrong, and
        such a password protects nothing anyway."""
        out = [self._value, quote(self._value, safe=""), unquote(self._value)]
        try:
            u = urlsplit(self._value)
            out += [u.password or "", unquote(u.password or ""), u.path, u.query]
        except ValueError:
            pass
        return [p for p in out if len(p) >= 3 and p != "/"]

    def __repr__(self) -> str:
        return f"[secret {self.name}]"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def scrub(text: str, secrets: Iterable[Secret | None]) -> str:
    """``text`` with every secret (and every part of one) masked: for error messages, logs and result lines."""
    pieces = sorted({p for s in secrets if s is not None for p in s.parts() if p}, key=len, reverse=True)
    for p in pieces:
        text = text.replace(p, MASK)
    return text


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.casefold() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_of(secret: Secret) -> str:
    """The host a secret URL points at: safe to print (the secret part of a webhook is its path)."""
    try:
        return urlsplit(secret.reveal()).hostname or "?"
    except ValueError:
        return "?"


def check_webhook(secret: Secret) -> None:
    """Refuse a webhook URL that is not https (http is accepted only to this machine)."""
    try:
        u = urlsplit(secret.reveal().strip())
        host = u.hostname
    except ValueError:
        host, u = None, None
    if u is None or not host or u.scheme not in ("https", "http"):
        raise ConfigError(f"The {secret.name} (from {secret.source}) is not a web address: it should look like "
                          "https://hooks.slack.com/services/… or https://….powerautomate.com/….")  # fmt: skip
    if u.scheme != "https" and not is_loopback(host):
        raise ConfigError(f"The {secret.name} (from {secret.source}) is not https: it would send the production's "
                          "messages and the webhook's secret unencrypted. Use the https:// address the service "
                          "gave you.")  # fmt: skip


@dataclass(frozen=True, slots=True)
class SmtpServer:
    host: str
    port: int
    tls: str  # "implicit" (smtps://) or "starttls" (smtp://)
    username: Secret | None = None
    password: Secret | None = None
    url: Secret | None = None

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)


def parse_smtp_url(secret: Secret) -> SmtpServer:
    """``smtps://user:password@host:465`` (implicit TLS) or ``smtp://user:password@host:587`` (STARTTLS); user and
    password percent-encoded (``%40`` for an @ in a user name)."""
    try:
        u = urlsplit(secret.reveal().strip())
        host, port = u.hostname, u.port
    except ValueError:
        raise ConfigError(f"The SMTP address (from {secret.source}) is not a valid URL: write it as "
                          "smtps://user:password@smtp.example.com:465 (percent-encode an @ or : in the "
                          "password).") from None  # fmt: skip
    if u.scheme not in ("smtps", "smtp") or not host:
        raise ConfigError(f"The SMTP address (from {secret.source}) must start with smtps:// (TLS, usually port 465) "
                          "or smtp:// (STARTTLS, usually port 587), e.g. smtps://user:password@smtp.example.com:465.")
    tls = "implicit" if u.scheme == "smtps" else "starttls"
    user = Secret(unquote(u.username), "SMTP user name", secret.source) if u.username else None
    password = Secret(unquote(u.password), "SMTP password", secret.source) if u.password else None
    return SmtpServer(host=host, port=port or (465 if tls == "implicit" else 587), tls=tls, username=user,
                      password=password, url=secret)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PublishConfig:
    slack_webhook: Secret | None = None
    teams_webhook: Secret | None = None
    smtp: SmtpServer | None = None
    mail_from: str | None = None
    file: Path | None = None  # the config file read, if any
    sources: Mapping[str, str] = field(default_factory=dict)  # key -> where it came from

    def secrets(self) -> list[Secret]:
        out = [self.slack_webhook, self.teams_webhook]
        if self.smtp is not None:  # the user name is no secret: "coord@example.com" may be named in an error
            out += [self.smtp.url, self.smtp.password]
        return [s for s in out if s is not None]

    def scrub(self, text: str) -> str:
        return scrub(text, self.secrets())

    def configured(self) -> list[str]:
        """The channels that can be used: slack, teams, email."""
        out = []
        if self.slack_webhook is not None:
            out.append("slack")
        if self.teams_webhook is not None:
            out.append("teams")
        if self.smtp is not None and self.mail_from:
            out.append("email")
        return out


def config_path(env: Mapping[str, str] | None = None) -> Path:
    """The per-user config file (``XLPRODUCTION_CONFIG`` when set)."""
    env = os.environ if env is None else env
    if env.get(ENV_CONFIG):
        return Path(env[ENV_CONFIG]).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("xlproduction", appauthor=False)) / CONFIG_NAME


def _check_private(path: Path) -> None:
    """Refuse a config file other users may read or change (POSIX; on Windows the per-user folder protects it)."""
    if sys.platform == "win32":
        return
    st = path.stat()
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(f"{path} can be read or changed by other users of this computer (permissions "
                          f"{stat.filemode(st.st_mode)}), and it holds passwords. Run: chmod 600 '{path}', then "
                          "retry.")  # fmt: skip
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        raise ConfigError(f"{path} belongs to another user: it must be your own file (it holds your passwords).")


def _read_file(path: Path) -> dict[str, str]:
    _check_private(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        # The parser's message can quote the line, and the line can hold a password: say where, not what.
        where = f" (line {e.lineno})" if isinstance(e, tomllib.TOMLDecodeError) and getattr(e, "lineno", None) else ""
        raise ConfigError(f"{path} is not valid TOML{where}: write one key = \"value\" per line, e.g. "
                          "slack_webhook = \"https://hooks.slack.com/services/…\".") from None  # fmt: skip
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) {', '.join(unknown)}; the keys are {', '.join(KEYS)}.")
    bad = [key for key, value in data.items() if not isinstance(value, str)]
    if bad:
        raise ConfigError(f"{path}: {', '.join(bad)} must be text in quotes.")
    return {k: v.strip() for k, v in data.items() if v.strip()}


def load_config(env: Mapping[str, str] | None = None, path: Path | None = None) -> PublishConfig:
    """The publishing configuration: the environment, then the config file for what it does not set."""
    env = os.environ if env is None else env
    file = path or config_path(env)
    values: dict[str, str] = {}
    sources: dict[str, str] = {}
    read: Path | None = None
    if file.is_file():
        values = _read_file(file)
        sources = dict.fromkeys(values, str(file))
        read = file
    for key, var in KEYS.items():
        if env.get(var, "").strip():
            values[key] = env[var].strip()
            sources[key] = var
    slack = Secret(values["slack_webhook"], "Slack webhook", sources["slack_webhook"]) \
        if "slack_webhook" in values else None  # fmt: skip
    teams = Secret(values["teams_webhook"], "Teams webhook", sources["teams_webhook"]) \
        if "teams_webhook" in values else None  # fmt: skip
    smtp = parse_smtp_url(Secret(values["smtp_url"], "SMTP address", sources["smtp_url"])) \
        if "smtp_url" in values else None  # fmt: skip
    for s in (slack, teams):
        if s is not None:
            check_webhook(s)
    return PublishConfig(slack_webhook=slack, teams_webhook=teams, smtp=smtp, mail_from=values.get("mail_from"),
                         file=read, sources=sources)  # fmt: skip
