"""What the relay keeps, behind one interface with two databases: SQLite (one process, the
default: a file in the data folder) and PostgreSQL (several relay processes on one database).

Both give events one strictly increasing sequence in commit order: a reader that has seen
event n has seen every event below n that will ever exist. SQLite gets that from its single
writer; PostgreSQL from a row lock every writer takes before it numbers its events (a plain
bigserial is numbered at insert, not at commit, and a reader could see 11 before 10 commits
and skip 10 for ever).
"""

from __future__ import annotations

import asyncio
import bisect
import hashlib
import hmac
import re
import secrets
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from jianmi_desktop.platform.errors import JianmiError
from jianmi_desktop.platform.relay_events import NewEvent

TOKEN_PREFIX = "jmr_"
NAME_RE = re.compile(r"^[^\s/\\\x00-\x1f]{1,64}$")
MAX_RANGE = 100_000_000
DEFAULT_RANGE = 10_000_000


class RelayError(JianmiError):
    """The relay could not do what was asked (unknown token name, a database it cannot open …)."""


@dataclass(frozen=True)
class TokenInfo:
    id: int
    name: str


@dataclass(frozen=True)
class TokenRow:
    id: int
    name: str
    created: float
    last_seen: float | None
    acked: int
    revoked: float | None


@dataclass(frozen=True)
class EventPage:
    rows: list[tuple[int, int, str]]  # (seq, kind, body)
    cursor: int
    more: bool


@dataclass(frozen=True)
class Overlap:
    name: str
    at: float
    count: int


@dataclass(frozen=True)
class PruneResult:
    deleted: int
    held_back: int              # events past retention kept for desktops that have not fetched them
    lagging: tuple[str, ...]    # names of those desktops
    dropped_unfetched: int = 0  # events dropped past the longest hold although some desktop lacked them


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def match_token(rows: Iterable[tuple[int, str, str, float | None]], token: str) -> TokenInfo | None:
    """The live token among (id, name, hash, revoked) rows that ``token`` is, or None.

    Every row is compared, in constant time, whatever matches: a wrong token and a revoked
    one cost the same and answer the same.
    """
    given = token_hash(token).encode("ascii")
    found: TokenInfo | None = None
    for token_id, name, stored, revoked in rows:
        if hmac.compare_digest(given, stored.encode("ascii", "replace")) and revoked is None:
            found = TokenInfo(token_id, name)
    return found


def check_name(name: str) -> str:
    if not NAME_RE.match(name or ""):
        raise RelayError(f"令牌名称“{name}”不可用：1–64 个字符，不含空格、斜杠和控制字符",
                         f"Token name {name!r} is not usable: 1-64 characters, no spaces, slashes or control characters")
    return name


class RangeMap:
    """Which desktop a msgid belongs to, from the msgid ranges handed out (sorted by first)."""

    def __init__(self) -> None:
        self.firsts: list[int] = []
        self.ranges: list[tuple[int, int, int]] = []  # (first, last, token_id)

    @property
    def top(self) -> int:
        return self.firsts[-1] if self.firsts else -1

    def add(self, rows: Iterable[tuple[int, int, int]]) -> None:
        for first, last, token_id in rows:
            if first > self.top:
                self.firsts.append(first)
                self.ranges.append((first, last, token_id))
            elif first not in self.firsts:
                i = bisect.bisect_left(self.firsts, first)
                self.firsts.insert(i, first)
                self.ranges.insert(i, (first, last, token_id))

    def owner(self, msgid: int | None) -> int | None | bool:
        """The token id; None when no range holds it (every desktop gets it); False when the
        msgid lies beyond the ranges known here (look in the database for newer ones)."""
        if msgid is None:
            return None
        i = bisect.bisect_right(self.firsts, msgid) - 1
        if i >= 0:
            first, last, token_id = self.ranges[i]
            if msgid <= last:
                return token_id
        return False if msgid > self.top else None

    def owners(self, events: Sequence[NewEvent], newer: Callable[[int], Iterable[tuple[int, int, int]]]
               ) -> list[int | None]:
        """The owner of each event; ``newer(top)`` gives the ranges above ``top`` when needed."""
        found = [self.owner(e.msgid) for e in events]
        if any(o is False for o in found):
            self.add(newer(self.top))
            found = [self.owner(e.msgid) for e in events]
        return [None if o is False else o for o in found]


class Wakeup:
    """Long-polls wait on ``current()``; ``fire()`` wakes every one waiting."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def current(self) -> asyncio.Event:
        return self._event

    def fire(self) -> None:
        event, self._event = self._event, asyncio.Event()
        event.set()


class RelayStorage(ABC):
    """The relay's database. Open with ``await backends.open_storage(url)``; ``await close()``."""

    relay_id: str = ""
    push_secret: str = ""
    # appends the receiver may have under way at once (each commits on its own; the numbering
    # stays in commit order either way)
    commits_in_flight: int = 1

    def __init__(self) -> None:
        self.wakeup = Wakeup()

    @abstractmethod
    async def open(self) -> None: ...

    @abstractmethod
    async def close(self) -> None: ...

    @abstractmethod
    async def append(self, events: Sequence[NewEvent]) -> int:
        """Store the events not stored before (by key), numbered in commit order; return how
        many were new. Returns after the commit; long-polls (of every process) are woken."""

    @abstractmethod
    async def page(self, token_id: int, after: int, limit: int) -> EventPage:
        """Events after ``after`` for this desktop (its own and everyone's), at most ``limit``."""

    @abstractmethod
    async def token_rows(self) -> list[tuple[int, str, str, float | None]]: ...

    @abstractmethod
    async def acknowledge(self, token_id: int, cursor: int) -> None:
        """The desktop asked past ``cursor``: it has what lies before (pruning may go there)."""

    @abstractmethod
    async def add_token(self, name: str, token_hash_hex: str) -> None: ...

    @abstractmethod
    async def list_tokens(self) -> list[TokenRow]: ...

    @abstractmethod
    async def revoke_token(self, name: str) -> bool: ...

    @abstractmethod
    async def take_msgid_range(self, token_id: int, count: int, floor: int) -> tuple[int, int]: ...

    @abstractmethod
    async def record_send(self, token_id: int, ref: str, text_hash: str, mobiles: Sequence[str], at: float
                          ) -> None: ...

    @abstractmethod
    async def overlap(self, token_id: int, text_hash: str, mobiles: Sequence[str], since: float
                      ) -> list[Overlap]: ...

    @abstractmethod
    async def prune(self, before: float, hold_until: float) -> PruneResult:
        """Drop events created before ``before`` that every live desktop has fetched; those a
        desktop still lacks are kept until ``hold_until`` (then dropped, and counted)."""

    @abstractmethod
    async def healthy(self) -> bool: ...

    # --- shared --------------------------------------------------------------------------

    async def authenticate(self, token: str) -> TokenInfo | None:
        if not token or len(token) > 200:
            token = "-"
        return match_token(await self.token_rows(), token)

    async def create_token(self, name: str) -> str:
        """A new desktop token under ``name``; the token is returned once and kept only hashed."""
        check_name(name)
        token = new_token()
        await self.add_token(name, token_hash(token))
        return token

    async def new_range(self, token_id: int, count: int = DEFAULT_RANGE) -> tuple[int, int]:
        """msgids [first, last] for one desktop, above every id handed out and ≥ epoch ms × 1000."""
        count = max(1, min(int(count), MAX_RANGE))
        return await self.take_msgid_range(token_id, count, time.time_ns() // 1_000_000 * 1000)

    async def __aenter__(self) -> RelayStorage:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


def sqlite_path(url: str) -> Path:
    """``sqlite:///<path>`` → the path (``sqlite:////abs`` is read the same)."""
    rest = url[len("sqlite://"):]
    if rest.startswith("/"):
        rest = "/" + rest.lstrip("/")
        if re.match(r"^/[A-Za-z]:[/\\]", rest):  # sqlite:///C:/folder/relay.db
            rest = rest[1:]
    if not rest or rest == "/":
        raise RelayError(f"SQLite 地址里没有文件路径：{url}", f"The SQLite URL names no file: {url}")
    return Path(rest)


def describe_url(url: str) -> str:
    """The database URL with any password hidden (for messages and logs)."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1******@", url)
