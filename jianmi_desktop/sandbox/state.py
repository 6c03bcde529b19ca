"""What the sandbox knows, what tests inspect, and how it survives a restart.

Persisted (JSON at ``state_path``): password, balance, uploaded voice files (metadata
only), MMS tasks (checked frames without image bytes), status URL, scheduled jobs, the
queue of reports and status calls not yet acknowledged, and counters (submissions,
serials). Kept for this run only: the submissions themselves, answer counters, the
reports, replies, status calls and pushes made.
"""

from __future__ import annotations

import asyncio
import heapq
import json
import logging
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jianmi_desktop.platform.models import Balance, Reply, StatusCall, StatusReport
from jianmi_desktop.sandbox.config import SandboxConfig
from jianmi_desktop.sandbox.mms import MmsFrameInfo
from jianmi_desktop.sandbox.rules import md5_hex

log = logging.getLogger(__name__)

STATE_VERSION = 1

# An outbox entry: (due epoch, order, kind, id, mobile, a, b) where kind is
#   "report": id = msgid, a = 1 delivered / 0 failed, b = carrier code
#   "reply":  id = msgid answered, a = None, b = the reply text
#   "status": id = taskid (voice: the msgid; MMS: the taskId), a = 2 / 3, b = None
Entry = tuple[float, int, str, str, str, Any, Any]



async def stopped(task: asyncio.Task[Any] | None) -> None:
    """Cancel a background task and wait until it has ended."""
    if task is not None:
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass

@dataclass(slots=True)
class Submission:
    """One carried-out sending request (send, sendIntlSms, voice, mmsSend)."""

    seq: int
    cmd: str
    msgid: str
    mobiles: list[str]
    time: float
    units: int
    msg: str | None = None
    filename: str | None = None
    task_id: str | None = None
    params: dict[str, str] = field(default_factory=dict)  # the rest, without secrets
    due: float | None = None          # a scheduled send: when it goes out


@dataclass(slots=True)
class VoiceFile:
    serial: str
    name: str
    size: int
    md5: str
    time: float


@dataclass(slots=True)
class MmsTask:
    task_id: str
    title: str
    frames: list[MmsFrameInfo]
    time: float


@dataclass(slots=True)
class Job:
    """A scheduled send (sendIntlSms with sendtime, sendvoice/sendvote with a date)."""

    job_id: str
    cmd: str
    msgid: str
    mobiles: list[str]
    due: float
    seq: int                  # the submission's number, for its seeded outcomes
    created: float
    fired: bool = False

    def to_dict(self) -> dict:
        return {"job_id": self.job_id, "cmd": self.cmd, "msgid": self.msgid, "mobiles": self.mobiles,
                "due": self.due, "seq": self.seq, "created": self.created}

    @staticmethod
    def from_dict(data: dict) -> Job:
        return Job(str(data["job_id"]), str(data["cmd"]), str(data.get("msgid", "")),
                   [str(m) for m in data.get("mobiles", [])], float(data["due"]),
                   int(data.get("seq", 0)), float(data.get("created", 0.0)))


@dataclass(slots=True)
class PushRecord:
    """One push POSTed (or kept, without a push URL) to the SMS callback address."""

    push_id: int
    type: int                 # 1 reports, 2 replies
    records: int
    url: str | None
    time: float
    attempts: int = 0
    acked: bool = False
    answer: str = ""          # the last answer or error


@dataclass(slots=True)
class StatusCallRecord:
    call: StatusCall
    url: str | None
    time: float
    attempts: int = 0
    acked: bool = False
    answer: str = ""


@dataclass
class SandboxState:
    uid: str
    apikey: str
    password_md5: str
    initial_password_md5: str
    sent: int
    remaining: int
    voice_files: dict[str, VoiceFile] = field(default_factory=dict)
    mms_tasks: dict[str, MmsTask] = field(default_factory=dict)
    status_url: str | None = None
    jobs: dict[str, Job] = field(default_factory=dict)
    submission_count: int = 0
    file_seq: int = 0
    task_seq: int = 0
    job_seq: int = 0
    order: int = 0
    outbox: list[Entry] = field(default_factory=list)
    inflight: dict[int, list[Entry]] = field(default_factory=dict)
    # this run only
    submissions: list[Submission] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)  # 100..108, "http500", "drop", "fault_105"
    reports: list[StatusReport] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)
    status_calls: list[StatusCallRecord] = field(default_factory=list)
    pushes: list[PushRecord] = field(default_factory=list)

    # --- views for tests ---------------------------------------------------------------

    @property
    def balance(self) -> Balance:
        return Balance(self.sent, self.remaining)

    @property
    def pushes_sent(self) -> int:
        """Push attempts made (every POST, retries included)."""
        return sum(p.attempts for p in self.pushes)

    @property
    def pushes_acked(self) -> int:
        return sum(1 for p in self.pushes if p.acked)

    @property
    def pending(self) -> int:
        """Reports, replies and status calls not yet acknowledged (queued or in flight)."""
        return len(self.outbox) + sum(len(v) for v in self.inflight.values())

    # --- changes -------------------------------------------------------------------------

    def next_order(self) -> int:
        self.order += 1
        return self.order

    def enqueue(self, due: float, kind: str, ident: str, mobile: str, a: Any = None, b: Any = None) -> None:
        heapq.heappush(self.outbox, (due, self.next_order(), kind, ident, mobile, a, b))

    def pop_due(self, now: float) -> list[Entry]:
        due: list[Entry] = []
        while self.outbox and self.outbox[0][0] <= now:
            due.append(heapq.heappop(self.outbox))
        return due

    # --- persistence ---------------------------------------------------------------------

    def snapshot(self) -> dict:
        """A JSON-ready picture, cheap to take on the loop (lists are shared, not copied deep)."""
        queued = list(self.outbox)
        for entries in self.inflight.values():
            queued.extend(entries)
        return {
            "version": STATE_VERSION,
            "saved": time.time(),
            "password_md5": self.password_md5,
            "initial_password_md5": self.initial_password_md5,
            "sent": self.sent,
            "remaining": self.remaining,
            "voice_files": {k: [v.name, v.size, v.md5, v.time] for k, v in self.voice_files.items()},
            "mms_tasks": {k: [t.title, [f.to_dict() for f in t.frames], t.time] for k, t in self.mms_tasks.items()},
            "status_url": self.status_url,
            "jobs": [job.to_dict() for job in self.jobs.values() if not job.fired],
            "submission_count": self.submission_count,
            "file_seq": self.file_seq,
            "task_seq": self.task_seq,
            "job_seq": self.job_seq,
            "outbox": [list(entry) for entry in queued],
        }

    @classmethod
    def fresh(cls, config: SandboxConfig) -> SandboxState:
        digest = md5_hex(config.password)
        return cls(uid=config.uid, apikey=config.apikey, password_md5=digest, initial_password_md5=digest,
                   sent=0, remaining=config.initial_balance)

    @classmethod
    def load(cls, path: Path | None, config: SandboxConfig) -> SandboxState:
        """The saved state, or a fresh one when there is no (readable) file.

        The saved password wins unless the configured one changed since the file was made
        (then the configuration is newer and resets it).
        """
        state = cls.fresh(config)
        if path is None or not Path(path).exists():
            return state
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            state._restore(data, config)
        except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
            backup = Path(path).with_name(Path(path).name + ".corrupt")
            log.warning("sandbox state %s unreadable (%s); kept as %s, starting fresh", path, exc, backup)
            try:
                os.replace(path, backup)
            except OSError:
                pass
            return cls.fresh(config)
        return state

    def _restore(self, data: dict, config: SandboxConfig) -> None:
        if data.get("initial_password_md5") == self.initial_password_md5:
            self.password_md5 = str(data["password_md5"]).lower()
        self.sent = int(data["sent"])
        self.remaining = int(data["remaining"])
        self.voice_files = {k: VoiceFile(k, str(v[0]), int(v[1]), str(v[2]), float(v[3]))
                            for k, v in data.get("voice_files", {}).items()}
        self.mms_tasks = {k: MmsTask(k, str(v[0]), [MmsFrameInfo.from_dict(f) for f in v[1]], float(v[2]))
                          for k, v in data.get("mms_tasks", {}).items()}
        self.status_url = data.get("status_url")
        self.jobs = {j["job_id"]: Job.from_dict(j) for j in data.get("jobs", [])}
        self.submission_count = int(data.get("submission_count", 0))
        self.file_seq = int(data.get("file_seq", 0))
        self.task_seq = int(data.get("task_seq", 0))
        self.job_seq = int(data.get("job_seq", 0))
        for raw in data.get("outbox", []):
            due, _order, kind, ident, mobile, a, b = raw
            self.enqueue(float(due), str(kind), str(ident), str(mobile), a, b)


def write_snapshot(path: Path, snapshot: dict) -> None:
    """Write atomically (temporary file, then rename); runs in a worker thread."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(snapshot, ensure_ascii=False, separators=(",", ":"))
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


class StateSaver:
    """Writes the state at most about once a second while it changes, and on close."""

    def __init__(self, state: SandboxState, path: Path | None, interval: float = 1.0) -> None:
        self.state = state
        self.path = path
        self.interval = interval
        self.dirty = False
        self.writes = 0
        self._lock = asyncio.Lock()
        self._task: asyncio.Task | None = None

    def mark(self) -> None:
        self.dirty = True

    def start(self) -> None:
        if self.path is not None and self._task is None:
            self._task = asyncio.create_task(self._run(), name="sandbox-state-saver")

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            if self.dirty:
                try:
                    await self.save()
                except OSError as exc:
                    log.warning("sandbox state not saved: %s", exc)

    async def save(self) -> None:
        if self.path is None:
            return
        async with self._lock:
            self.dirty = False
            snapshot = self.state.snapshot()
            await asyncio.to_thread(write_snapshot, self.path, snapshot)
            self.writes += 1

    async def close(self) -> None:
        await stopped(self._task)
        self._task = None
        await self.save()
