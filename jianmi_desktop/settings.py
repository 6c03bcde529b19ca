"""Where data lives, the saved settings, the account's secrets (OS keychain only) and the log.

Settings are a small JSON file in the data folder; the password and the API key never
are: they live in the OS keychain through ``keyring``. Where no keychain exists (a
headless Linux box, CI), the program says so and takes them from the environment
(``JIANMI_PASSWORD``, ``JIANMI_APIKEY``) or asks — it never writes them to a file.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from jianmi_desktop.paths import DB_FILE, LOG_FILE, LOGS_DIR, SETTINGS_FILE  # noqa: F401 - DB_FILE offered here too
from jianmi_desktop.platform.auth import mask_text, md5_hex
from jianmi_desktop.platform.errors import JianmiError

APP_NAME = "jianmi-desktop"
KEYRING_SERVICE = "jianmi-desktop"

PRODUCTION_SDK_URL = "http://api.91jianmi.com/sdk/SMS"
PRODUCTION_CLIENTAPI_URL = "http://i.huixun35.com/ClientApi"
PRODUCTION_INTL_URL = "http://c.huixun35.com/ClientApi"

log = logging.getLogger(__name__)


class SecretStoreError(JianmiError):
    """The OS keychain is missing or refused to keep a secret."""


@dataclass
class UiState:
    """What the window remembers between runs (not settings the user chose): kept in the settings
    file under "ui". Files written before it existed kept these in "extra"; they still load."""

    geometry: str = ""  # the main window's, as Qt's saveGeometry() in base64 (before it was kept per screen)
    geometries: dict[str, str] = field(default_factory=dict)  # per screen ("geometry:<name>:<w>x<h>") → the same
    last_tab: int = 0
    last_folder: str = ""  # recipients, exports and opt-out lists were last read or written here
    mms_image_folder: str = ""  # pictures for MMS frames
    mms_draft_folder: str = ""  # MMS drafts
    mms_recent_drafts: list[str] = field(default_factory=list)  # newest first
    mms_max_side: int = 0  # the longest side an MMS picture is fitted to (0: the program's own)
    voice_folder: str = ""  # mp3 files
    voice_paths: dict[str, str] = field(default_factory=dict)  # an uploaded recording's SHA-256 → its file
    templates: dict[str, dict[str, str]] = field(default_factory=dict)  # name → {"text", "signature"}
    welcome_shown: int = 0  # 1 once the first start's welcome was shown (gui/welcome.py)


#: the keys of "extra" that old settings files kept UI state in → the UiState field
_LEGACY_UI_KEYS = {"geometry": "geometry", "last_tab": "last_tab", "last_folder": "last_folder",
                   "mms_image_folder": "mms_image_folder", "mms_folder": "mms_draft_folder",
                   "mms_recent_drafts": "mms_recent_drafts", "mms_max_side": "mms_max_side",
                   "last_voice_folder": "voice_folder", "voice_paths": "voice_paths", "templates": "templates"}


def _ui_value(name: str, value: Any) -> Any:
    """``value`` as the UiState field ``name`` holds it; ValueError when it cannot be."""
    default = getattr(UiState(), name)
    if isinstance(default, bool) or value is None:
        raise ValueError(name)
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise ValueError(name)
        return int(value)
    if isinstance(default, str):
        if not isinstance(value, str):
            raise ValueError(name)
        return value
    if isinstance(default, list):
        return [str(v) for v in value if isinstance(v, str)]
    if name == "templates":
        out: dict[str, dict[str, str]] = {}
        for key, saved in dict(value).items():
            if isinstance(saved, str):
                out[str(key)] = {"text": saved}
            elif isinstance(saved, dict):
                out[str(key)] = {k: str(v) for k, v in saved.items() if k in ("text", "signature") and v is not None}
        return out
    return {str(k): str(v) for k, v in dict(value).items() if isinstance(v, str)}


def _load_ui(raw: Mapping[str, Any], extra: dict[str, Any]) -> UiState:
    """The "ui" object of a settings file, completed from "extra" where an older file kept it there
    (those keys leave "extra"); a value of the wrong kind falls back to the default."""
    saved = raw.get("ui")
    given: dict[str, Any] = dict(saved) if isinstance(saved, dict) else {}
    values: dict[str, Any] = {}
    per_screen = {key: extra.pop(key) for key in [k for k in extra if k.startswith("geometry:")]}
    extra.pop("geometries", None)
    if per_screen and "geometries" not in given:
        given = {**given, "geometries": per_screen}
    for old, name in _LEGACY_UI_KEYS.items():
        if old in extra:
            legacy = extra.pop(old)
            if name not in given:
                given = {**given, name: legacy}
    known = {f.name for f in fields(UiState)}
    for name, value in given.items():
        if name in known:
            try:
                values[name] = _ui_value(name, value)
            except (TypeError, ValueError):
                log.warning("settings: ui.%s unreadable (%r); the default is used", name, value)
    return UiState(**values)


@dataclass
class Settings:
    mode: str = "sandbox"  # "sandbox" or "production"
    uid: str = ""
    ucuid: str = ""  # a separate ClientApi account, where the customer has one
    sdk_url: str = PRODUCTION_SDK_URL
    clientapi_url: str = PRODUCTION_CLIENTAPI_URL
    intl_url: str = PRODUCTION_INTL_URL
    rate: int = 10  # requests a second the platform allows this account
    batch_size: int = 100  # numbers a request (at most 500)
    in_flight: int = 8  # requests under way at once
    signature: str = ""  # default 【签名】
    receiver_host: str = "127.0.0.1"
    receiver_port: int = 17801
    receiver_token: str = ""
    public_callback: str = ""  # the address the platform pushes to, where it differs
    report_source: str = "local"  # 回执来源: "local" (this computer's receiver) or "relay"
    relay_url: str = ""  # the relay's api_url (its token lives in the OS keychain, "relay:token")
    language: str = ""  # "" follows the system; "zh_CN" or "en"
    low_balance: int = 1000
    night_start: int = 22  # China-time hours when a send draws a warning; start == end: never
    night_end: int = 8
    sandbox_port: int = 17800
    ui: UiState = field(default_factory=UiState)  # what the window remembers between runs
    #: production: the status URL last given to the platform, per "<uid>@<sdk url>" (set again only on a change)
    status_url_set: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # keys this version does not know, kept as found


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    """The data folder: ``JIANMI_DATA_DIR`` or the platform's user data folder."""
    env = os.environ if env is None else env
    chosen = env.get("JIANMI_DATA_DIR")
    if chosen:
        path = Path(chosen).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path not in _PRIVATE_DONE:
        make_private(path)
        _PRIVATE_DONE.add(path)
    return path


_PRIVATE_DONE: set[Path] = set()


def make_private(folder: Path) -> None:
    """The data folder and everything in it readable by this user only: folders 0700, files
    0600 (Linux, macOS). It holds every customer's number, the messages and the receiver's
    secret push token. Files made later inherit it from the program's umask (``private_umask``)
    and SQLite gives ``-wal``/``-shm`` the database's own mode. On Windows the folder is in the
    user's profile, which only that user (and administrators) can read."""
    if os.name == "nt":
        return
    for root, _dirs, files in os.walk(folder):
        for name in [root, *(os.path.join(root, f) for f in files)]:
            try:
                if os.path.islink(name):
                    continue
                wanted = 0o700 if name == root else 0o600
                if os.stat(name).st_mode & 0o777 != wanted:
                    os.chmod(name, wanted)
            except OSError as exc:  # a file of someone else's: say so, do not stop
                log.warning("could not make %s private: %s", name, exc)


def private_umask() -> None:
    """Everything the program creates from now on is for this user only (POSIX)."""
    if os.name != "nt":
        os.umask(0o077)


def load_settings(folder: Path) -> Settings:
    """Read the settings; a missing or damaged file gives the defaults (the damaged one is kept aside)."""
    path = folder / SETTINGS_FILE
    if not path.exists():
        return Settings()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("not an object")
    except (OSError, ValueError) as exc:
        aside = path.with_suffix(".damaged.json")
        log.warning("settings file %s unreadable (%s); kept as %s, defaults used", path, exc, aside)
        try:
            path.replace(aside)
        except OSError:
            pass
        return Settings()
    known = {f.name for f in fields(Settings)} - {"ui", "status_url_set", "extra"}
    settings = Settings(**{k: v for k, v in raw.items() if k in known})
    settings.extra = dict(raw["extra"]) if isinstance(raw.get("extra"), dict) else {}
    settings.ui = _load_ui(raw, settings.extra)
    urls = raw.get("status_url_set", settings.extra.pop("status_url_set", None))
    if isinstance(urls, dict):
        settings.status_url_set = {str(k): str(v) for k, v in urls.items() if isinstance(v, str)}
    for name in ("night_start", "night_end"):  # an hand-edited file must not break the checks
        value = getattr(settings, name)
        if not isinstance(value, int) or not 0 <= value <= 23:
            setattr(settings, name, getattr(Settings, name))
    return settings


def night_hours(settings: Settings) -> tuple[int, int]:
    """The night window of the checks before sending, as (start hour, end hour) China time."""
    return settings.night_start, settings.night_end


def save_settings(settings: Settings, folder: Path) -> None:
    """Write the settings atomically (a crash mid-write leaves the old file)."""
    path = folder / SETTINGS_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2), encoding="utf-8")
    if os.name != "nt":
        os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def ensure_receiver_token(settings: Settings, folder: Path) -> str:
    """The random path token of the receiver, made once and saved."""
    if not settings.receiver_token:
        settings.receiver_token = secrets.token_urlsafe(18)
        save_settings(settings, folder)
    return settings.receiver_token


# --- secrets -----------------------------------------------------------------------------

def _keyring():
    import keyring

    return keyring


def keychain_available() -> bool:
    try:
        backend = _keyring().get_keyring()
    except Exception:  # noqa: BLE001 - any keyring failure means "no keychain"
        return False
    name = type(backend).__module__ + "." + type(backend).__name__
    return "null" not in name.lower() and "fail" not in name.lower()


#: secrets the keychain could not keep, remembered for this run only (never written anywhere)
_session_secrets: dict[str, str] = {}


def get_secret(uid: str, name: str) -> str | None:
    """A secret (``password`` or ``apikey``) of the account, or None where none is kept.

    A secret kept only for this session (``keep_secret`` without a keychain) comes first.
    """
    if not uid:
        return None
    if f"{uid}:{name}" in _session_secrets:
        return _session_secrets[f"{uid}:{name}"]
    try:
        return _keyring().get_password(KEYRING_SERVICE, f"{uid}:{name}")
    except Exception as exc:  # noqa: BLE001 - NoKeyringError, locked keychain, …
        log.info("keychain unavailable for %s: %s", name, type(exc).__name__)
        return None


def set_secret(uid: str, name: str, value: str) -> None:
    """Keep a secret in the OS keychain, or raise SecretStoreError saying what to do."""
    if len(value.encode("utf-8")) > 2500:
        raise SecretStoreError("这个密钥太长，系统钥匙串放不下。", "The secret is too long for the OS keychain.")
    try:
        _keyring().set_password(KEYRING_SERVICE, f"{uid}:{name}", value)
    except Exception as exc:  # noqa: BLE001
        raise SecretStoreError(
            "这台电脑没有可用的系统钥匙串，无法安全地保存密码。请用环境变量 JIANMI_PASSWORD / "
            f"JIANMI_APIKEY 提供，或每次启动时输入。（{type(exc).__name__}）",
            "No OS keychain is available to keep the password safely. Provide JIANMI_PASSWORD / "
            f"JIANMI_APIKEY in the environment, or enter it at each start. ({type(exc).__name__})",
        ) from exc


def keep_secret(uid: str, name: str, value: str) -> SecretStoreError | None:
    """Keep a secret in the OS keychain; where that is impossible, in memory for this run only.

    Returns None when the keychain holds it, else the SecretStoreError that explains why it
    is kept only until the program ends (the caller shows its message). Never a file.
    """
    key = f"{uid}:{name}"
    try:
        if not keychain_available():
            raise SecretStoreError(
                "这台电脑没有可用的系统钥匙串，无法安全地保存密码和接口密钥。本次运行会记住它们，"
                "程序关闭后需要重新输入（或用环境变量 JIANMI_PASSWORD / JIANMI_APIKEY 提供）。",
                "No OS keychain is available to keep the password and API key safely. They are remembered "
                "until the program closes; enter them again next time (or set JIANMI_PASSWORD / JIANMI_APIKEY).")
        set_secret(uid, name, value)
    except SecretStoreError as exc:
        _session_secrets[key] = value
        return exc
    _session_secrets.pop(key, None)
    return None


def forget_session_secrets() -> None:
    """Drop the secrets kept in memory only (tests; an explicit sign-out)."""
    _session_secrets.clear()


def delete_secret(uid: str, name: str) -> None:
    _session_secrets.pop(f"{uid}:{name}", None)
    try:
        _keyring().delete_password(KEYRING_SERVICE, f"{uid}:{name}")
    except Exception:  # noqa: BLE001 - nothing kept is fine
        pass


# --- the account in force -------------------------------------------------------------------

@dataclass
class ResolvedAccount:
    """Endpoints and credentials after the environment has overridden the saved settings."""

    sdk_url: str
    clientapi_url: str
    intl_url: str
    uid: str
    password: str | None  # plain; hashed before use
    apikey: str
    ucuid: str
    password_from_env: bool
    known_md5: str | None = None  # the MD5 alone, where the plain password is not known (the sandbox's)

    @property
    def complete(self) -> bool:
        return bool(self.uid and (self.password or self.known_md5))

    @property
    def password_md5(self) -> str:
        if self.known_md5 and not self.password:
            return self.known_md5
        return md5_hex(self.password or "")

    def endpoints(self):
        from jianmi_desktop.client import Endpoints

        return Endpoints(sdk=self.sdk_url, clientapi=self.clientapi_url, intl=self.intl_url)

    def account(self):
        from jianmi_desktop.client import Account

        return Account(uid=self.uid, password_md5=self.password_md5, apikey=self.apikey,
                       ucuid=self.ucuid or None)


def resolve_account(settings: Settings, env: Mapping[str, str] | None = None) -> ResolvedAccount:
    env = os.environ if env is None else env
    uid = env.get("JIANMI_UID") or settings.uid
    env_password = env.get("JIANMI_PASSWORD")
    password = env_password if env_password else get_secret(uid, "password")
    apikey = env.get("JIANMI_APIKEY") or get_secret(uid, "apikey") or ""
    return ResolvedAccount(
        sdk_url=env.get("JIANMI_SDK_URL") or settings.sdk_url,
        clientapi_url=env.get("JIANMI_CLIENTAPI_URL") or settings.clientapi_url,
        intl_url=env.get("JIANMI_INTL_URL") or settings.intl_url,
        uid=uid,
        password=password,
        apikey=apikey,
        ucuid=env.get("JIANMI_UCUID") or settings.ucuid,
        password_from_env=bool(env_password),
    )


# --- the log ------------------------------------------------------------------------------

class _MaskingFilter(logging.Filter):
    """Last line of defence: no password, MD5 or key reaches the log file."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def setup_logging(folder: Path, level: int = logging.INFO) -> Path:
    """A rotating log file in ``<data>/logs``; returns its path. Safe to call twice."""
    logs = folder / LOGS_DIR
    logs.mkdir(parents=True, exist_ok=True)
    path = logs / LOG_FILE
    root = logging.getLogger("jianmi_desktop")
    for handler in root.handlers:
        if getattr(handler, "baseFilename", None) == str(path):
            return path
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    if os.name != "nt":
        os.chmod(path, 0o600)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_MaskingFilter())
    root.addHandler(handler)
    root.setLevel(level)
    return path
