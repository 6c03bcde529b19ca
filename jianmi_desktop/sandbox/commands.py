"""The commands of the three endpoints, as the sandbox carries them out.

Everything here is synchronous: a command is checked and carried out in one step on the
event loop, so the state never sees half a request. Checks run in this order: unknown
command or missing account parameters → 107, authentication → 102, the command's own
parameters → 107, then its limits and content (101, 103, 104), then balance (106).

Sandbox decisions beyond the platform's documentation: ``msg`` of ``send`` over 2,000 characters → 101 (a
limit, like more than 500 numbers); voice text over 2,000 → 101; a non-numeric msgid or a
subid other than up to 3 digits → 107; a malformed ClientApi timestamp → 102; an uploaded
voice file costs 1 unit a recipient; sendvoicecall's day and hour limits are recorded,
not waited for; sensitive words in MMS titles and texts → 104; a statusUrl that is not
http(s) → 101.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from jianmi_desktop.sandbox import rules
from jianmi_desktop.sandbox.config import SandboxConfig
from jianmi_desktop.sandbox.mms import MmsError, parse_content
from jianmi_desktop.sandbox.pushes import draw_sms, draw_status
from jianmi_desktop.sandbox.state import Job, MmsTask, SandboxState, Submission, VoiceFile

SDK_COMMANDS = frozenset({"getnum", "modifpsw", "send", "uploadvoicefile", "sendvoicecall", "sendvoice", "sendvote"})
CLIENTAPI_COMMANDS = frozenset({"addContent", "mmsSend", "setStatusUrl"})
INTL_COMMANDS = frozenset({"sendIntlSms"})
SENDING_COMMANDS = frozenset({"send", "sendIntlSms", "sendvoice", "sendvote", "sendvoicecall", "mmsSend"})
VOICE_COMMANDS = frozenset({"sendvoice", "sendvote", "sendvoicecall"})
CLOCK_SKEW = 600.0
_NOT_KEPT = frozenset({"uid", "psw", "password", "ucuid", "key", "timestamp", "cmd", "mobiles", "msg",
                       "msgid", "filename", "taskId", "content", "newpsw"})


@dataclass
class Result:
    code: int
    text: str | None = None                     # a plain answer other than the bare code
    data: dict[str, str] = field(default_factory=dict)  # more JSON fields (ClientApi)


@dataclass
class Upload:
    name: str
    data: bytes


def commands_of(endpoint: str) -> frozenset[str]:
    return SDK_COMMANDS if endpoint == "sdk" else CLIENTAPI_COMMANDS | INTL_COMMANDS


class Commands:
    def __init__(self, state: SandboxState, config: SandboxConfig, changed) -> None:
        self.state = state
        self.config = config
        self.changed = changed

    def run(self, endpoint: str, cmd: str, p: dict[str, str], upload: Upload | None = None) -> Result:
        if cmd not in commands_of(endpoint):
            return Result(107)
        refused = self._auth_clientapi(cmd, p) if cmd in CLIENTAPI_COMMANDS else self._auth_sdk(p)
        if refused:
            return Result(refused)
        handler = getattr(self, "_" + cmd.lower())
        result = handler(cmd, p, upload) if cmd == "uploadvoicefile" else handler(cmd, p)
        if result.code == 100:
            self.changed()
        return result

    # --- authentication ------------------------------------------------------------------

    def _auth_sdk(self, p: dict[str, str]) -> int:
        uid, psw = p.get("uid", ""), p.get("psw", "")
        if not uid or not psw:
            return 107
        if uid != self.state.uid or psw.strip().lower() != self.state.password_md5:
            return 102
        return 0

    def _auth_clientapi(self, cmd: str, p: dict[str, str]) -> int:
        if not all(p.get(name) for name in ("ucuid", "password", "timestamp", "key")):
            return 107
        if p["ucuid"] != self.state.uid or p["password"].strip().lower() != self.state.password_md5:
            return 102
        stamp = rules.parse_clientapi_timestamp(p["timestamp"])
        if stamp is None or abs(stamp - time.time()) > CLOCK_SKEW:
            return 102
        if p["key"].strip().lower() != rules.md5_hex(cmd + p["timestamp"] + self.state.apikey):
            return 102
        return 0

    # --- shared steps ----------------------------------------------------------------------

    @staticmethod
    def _recipients(p: dict[str, str], valid) -> list[str] | int:
        """The numbers, or the code refusing them: 107 none, 101 over 500, 103 a bad one."""
        raw = p.get("mobiles", "")
        if not raw.strip():
            return 107
        mobiles = rules.split_mobiles(raw)
        if len(mobiles) > rules.MAX_RECIPIENTS:
            return 101
        if not all(valid(m) for m in mobiles):
            return 103
        return mobiles

    @classmethod
    def _recipients_and_text(cls, p: dict[str, str], valid, msg: str, max_chars: int) -> list[str] | int:
        """The numbers of a text message, or the code refusing it: the numbers' codes first, then
        101 too long, 104 no signature or a sensitive word."""
        mobiles = cls._recipients(p, valid)
        if isinstance(mobiles, int):
            return mobiles
        if len(msg) > max_chars:
            return 101
        if not rules.has_signature(msg) or rules.sensitive_word_in(msg):
            return 104
        return mobiles

    def _submit(self, cmd: str, p: dict[str, str], mobiles: list[str], units_each: int,
                **fields) -> Submission | None:
        """Debit and record the request; None (→ 106) when the balance cannot cover all of it."""
        total = units_each * len(mobiles)
        state = self.state
        if total > state.remaining:
            return None
        state.remaining -= total
        state.sent += total
        state.submission_count += 1
        kept = {k: v for k, v in p.items() if k not in _NOT_KEPT}
        sub = Submission(state.submission_count, cmd, p.get("msgid", "").strip(), mobiles, time.time(),
                         total, params=kept, **fields)
        state.submissions.append(sub)
        return sub

    def _schedule(self, sub: Submission, due: float) -> None:
        state = self.state
        state.job_seq += 1
        job = Job(f"J{state.job_seq}", sub.cmd, sub.msgid, sub.mobiles, due, sub.seq, sub.time)
        state.jobs[job.job_id] = job

    def fire(self, job: Job, now: float) -> None:
        """A scheduled job falls due: its reports or status calls start now."""
        job.fired = True
        self.state.jobs.pop(job.job_id, None)
        if job.cmd == "sendIntlSms":
            draw_sms(self.state, self.config, job.seq, job.msgid, job.mobiles, now, replies=False)
        else:
            draw_status(self.state, self.config, job.seq, job.msgid, job.mobiles, now)
        self.changed()

    # --- SDK --------------------------------------------------------------------------------

    def _getnum(self, cmd: str, p: dict[str, str]) -> Result:
        return Result(100, f"100#{self.state.sent}#{self.state.remaining}")

    def _modifpsw(self, cmd: str, p: dict[str, str]) -> Result:
        new = p.get("newpsw", "")
        if not new:
            return Result(107)
        if not 6 <= len(new) <= 32:
            return Result(101)
        if all(c.isdigit() for c in new) or all(c.isalpha() for c in new) or len(set(new)) == 1:
            return Result(108)
        self.state.password_md5 = rules.md5_hex(new)
        return Result(100)

    def _send(self, cmd: str, p: dict[str, str]) -> Result:
        msg = p.get("msg", "")
        if not msg or not rules.is_msgid(p.get("msgid", "").strip()):
            return Result(107)
        subid = p.get("subid", "").strip()
        if subid and not (len(subid) <= 3 and subid.isascii() and subid.isdigit()):
            return Result(107)
        mobiles = self._recipients_and_text(p, rules.is_domestic, msg, rules.MAX_SMS_CHARS)
        if isinstance(mobiles, int):
            return Result(mobiles)
        sub = self._submit(cmd, p, mobiles, rules.units_domestic(msg), msg=msg)
        if sub is None:
            return Result(106)
        draw_sms(self.state, self.config, sub.seq, sub.msgid, mobiles, sub.time)
        return Result(100)

    def _uploadvoicefile(self, cmd: str, p: dict[str, str], upload: Upload | None) -> Result:
        if upload is None or not upload.data:
            return Result(107)
        data = upload.data
        if len(data) > rules.MAX_VOICE_FILE or not rules.looks_like_mp3(data):
            return Result(101)
        state = self.state
        state.file_seq += 1
        serial = f"{rules.china_now():%Y%m%d%H%M%S}{state.file_seq % 10000:04d}"
        state.voice_files[serial] = VoiceFile(serial, upload.name, len(data),
                                              hashlib.md5(data).hexdigest(), time.time())
        return Result(100, f"100#{serial}")

    def _voice(self, cmd: str, p: dict[str, str]) -> Result:
        msg, filename = p.get("msg", ""), p.get("filename", "").strip()
        if bool(msg.strip()) == bool(filename) or not rules.is_msgid(p.get("msgid", "").strip()):
            return Result(107)
        due: float | None = None
        if cmd == "sendvoicecall":
            if not _voicecall_options_ok(p):
                return Result(107)
        else:
            date, clock = p.get("senddate", "").strip(), p.get("sendtime", "").strip()
            if date or clock:
                due = rules.parse_china(f"{date} {clock}", ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"))
                if due is None or not date or not clock:
                    return Result(107)
        mobiles = self._recipients(p, rules.is_domestic)
        if isinstance(mobiles, int):
            return Result(mobiles)
        if msg and len(msg) > rules.MAX_VOICE_CHARS:
            return Result(101)
        if msg and rules.sensitive_word_in(msg):
            return Result(104)
        if filename and filename not in self.state.voice_files:
            return Result(101)
        later = due is not None and due > time.time()
        sub = self._submit(cmd, p, mobiles, rules.units_voice(msg or None), msg=msg or None,
                           filename=filename or None, due=due if later else None)
        if sub is None:
            return Result(106)
        if later and due is not None:
            self._schedule(sub, due)
        else:
            draw_status(self.state, self.config, sub.seq, sub.msgid, mobiles, sub.time)
        return Result(100)

    _sendvoice = _sendvote = _sendvoicecall = _voice

    # --- international ------------------------------------------------------------------

    def _sendintlsms(self, cmd: str, p: dict[str, str]) -> Result:
        msg = p.get("msg", "")
        if not msg or not rules.is_msgid(p.get("msgid", "").strip()):
            return Result(107)
        due: float | None = None
        when = p.get("sendtime", "").strip()
        if when:
            due = rules.parse_china(when, ("%Y-%m-%d %H:%M:%S",))
            if due is None:
                return Result(107)
        mobiles = self._recipients_and_text(p, rules.is_intl, msg, rules.MAX_INTL_CHARS)
        if isinstance(mobiles, int):
            return Result(mobiles)
        later = due is not None and due > time.time()
        sub = self._submit(cmd, p, mobiles, rules.units_intl(msg), msg=msg, due=due if later else None)
        if sub is None:
            return Result(106)
        if later and due is not None:
            self._schedule(sub, due)
        else:
            draw_sms(self.state, self.config, sub.seq, sub.msgid, mobiles, sub.time, replies=False)
        return Result(100)

    # --- ClientApi ------------------------------------------------------------------------

    def _addcontent(self, cmd: str, p: dict[str, str]) -> Result:
        content = p.get("content", "")
        if not content.strip():
            return Result(107)
        try:
            title, frames = parse_content(content)
        except MmsError:
            return Result(101)
        words = [title] + [f.text for f in frames if f.text]
        if any(rules.sensitive_word_in(w) for w in words):
            return Result(104)
        state = self.state
        state.task_seq += 1
        task_id = f"{rules.china_now():%y%m%d%H%M%S}{state.task_seq % 1_000_000:06d}"
        state.mms_tasks[task_id] = MmsTask(task_id, title, frames, time.time())
        return Result(100, data={"taskId": task_id})

    def _mmssend(self, cmd: str, p: dict[str, str]) -> Result:
        task_id = p.get("taskId", "").strip()
        if not task_id:
            return Result(107)
        mobiles = self._recipients(p, rules.is_domestic)
        if isinstance(mobiles, int):
            return Result(mobiles)
        if task_id not in self.state.mms_tasks:
            return Result(101)
        sub = self._submit(cmd, p, mobiles, 1, task_id=task_id)
        if sub is None:
            return Result(106)
        draw_status(self.state, self.config, sub.seq, task_id, mobiles, sub.time)
        return Result(100)

    def _setstatusurl(self, cmd: str, p: dict[str, str]) -> Result:
        url = p.get("statusUrl", "").strip()
        if not url:
            return Result(107)
        parts = urlsplit(url)
        if len(url) > rules.MAX_STATUS_URL or parts.scheme not in ("http", "https") or not parts.netloc:
            return Result(101)
        self.state.status_url = url
        return Result(100)


def _voicecall_options_ok(p: dict[str, str]) -> bool:
    def number(name: str, default: str, low: int, high: int) -> bool:
        raw = p.get(name, "").strip() or default
        return raw.isascii() and raw.isdigit() and low <= int(raw) <= high

    batch = p.get("batchnum", "").strip()
    return (number("daycheck", "0", 0, 2) and number("timecheck", "1", 0, 1)
            and number("speed", "60", 1, 1200) and number("callType", "1", 0, 9)
            and (not batch or (batch.isascii() and batch.isdigit() and len(batch) <= 19)))
