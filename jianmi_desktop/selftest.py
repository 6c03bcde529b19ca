"""``jianmi-desktop --self-test``: does this installed program work here? One line a step.

Runs the program's own code, frozen or not, against its embedded sandbox — nothing real is
sent, no production host is called, the OS keychain is not touched:

- ``files``    the files the program ships (word list, translations, app icon, the window's icons and
               their licence, user guide, test mp3) are there, and Qt's SVG module that draws the icons;
- ``data``     the program's data folder (``JIANMI_DATA_DIR`` or the user's) can be created and
               written (a probe file, removed again; a folder made only for this is removed too);
- ``services`` on a temporary data folder: the store, the receiver and the embedded sandbox,
               started by the same ``Runtime`` as the window, on free 127.0.0.1 ports;
- ``balance``  the balance through the client;
- ``sms``      one SMS planned, checked, written down and sent by the sending service;
- ``report``   its delivery report pushed by the sandbox, received and stored;
- ``voice``    the shipped mp3 passes the mp3 checks and is uploaded;
- ``photo``    a 12-megapixel photo (made here with Pillow) fitted for an MMS frame;
- ``mms``      an MMS with that frame sent;
- ``window``   the program itself as a child process, its window offscreen on a second
               temporary data folder, until it has painted, started its services and shown
               the balance (``JIANMI_STARTUP_PROBE``).

Prints ``PASS <step> (<ms>)`` or ``FAIL <step>: <reason>`` for each, exits 0 only when every
step passed. The temporary folders are removed afterwards.
"""

from __future__ import annotations

import asyncio
import importlib
import io
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jianmi_desktop.client import JianmiClient
    from jianmi_desktop.mms.fit import FittedImage
    from jianmi_desktop.runtime import Runtime
    from jianmi_desktop.store.db import Store

__all__ = ["run", "STEPS"]

STEPS = ("files", "data", "services", "balance", "sms", "report", "voice", "photo", "mms", "window")
TEST_NUMBER = "13800138000"
PHOTO_SIZE = (4000, 3000)  # 12 MP, as a phone takes them
REPORT_WAIT_S = 12.0
WINDOW_WAIT_S = 25.0
#: what the shipped program loads at run time (paths below jianmi_desktop/)
SHIPPED = ("resources/sensitive_words.txt", "resources/selftest.mp3", "i18n/jianmi_en.qm",
           "resources/guide_zh_CN.html", "resources/guide_en.html")
_KEEP_OUT = ("JIANMI_",)  # the window must not pick up an account or data folder from the caller


class StepFailed(Exception):
    """A step did not do what it should: the message says what, in plain words."""


def _reason(exc: BaseException) -> str:
    if isinstance(exc, StepFailed):
        return str(exc)
    if isinstance(exc, asyncio.TimeoutError):
        return "no answer in time"
    zh = getattr(exc, "zh", None)  # JianmiError: plain Chinese (and English)
    if zh:
        en = getattr(exc, "en", "")
        return f"{zh}{' / ' + en if en else ''}"
    return f"{type(exc).__name__}: {exc}".replace("\n", " ")


def _package_dir() -> Path:
    return Path(__file__).resolve().parent


def self_command() -> list[str]:
    """How to start this same program again: the frozen executable, or this Python with ``-m``."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "jianmi_desktop"]


def make_photo(size: tuple[int, int] = PHOTO_SIZE) -> bytes:
    """A JPEG with the detail of a photo (gradients and noise), as a phone camera gives."""
    from PIL import Image

    width, height = size
    noise = Image.effect_noise((width // 4, height // 4), 48).resize(size)
    red = Image.linear_gradient("L").resize(size)
    green = Image.radial_gradient("L").resize(size)
    photo = Image.merge("RGB", (red, green, noise))
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=92)
    return out.getvalue()


class SelfTest:
    def __init__(self, out=None) -> None:
        self.out = out or sys.stdout
        self.results: dict[str, bool] = {}
        self.temp = Path(tempfile.mkdtemp(prefix="jianmi-selftest-"))
        self.runtime: Runtime | None = None
        self.reports = asyncio.Event()
        self.sms_campaign: int | None = None
        self.photo: FittedImage | None = None

    # what the steps after ``services`` use (they run only when it passed: ``needs``)
    @property
    def rt(self) -> Runtime:
        assert self.runtime is not None, "the services step made the runtime"
        return self.runtime

    @property
    def store(self) -> Store:
        assert self.rt.store is not None, "the services step opened the store"
        return self.rt.store

    @property
    def client(self) -> JianmiClient:
        assert self.rt.client is not None, "the services step connected the client"
        return self.rt.client

    def line(self, step: str, ok: bool, text: str) -> None:
        self.results[step] = ok
        print(f"PASS {step} ({text})" if ok else f"FAIL {step}: {text}", file=self.out, flush=True)

    async def step(self, name: str, action, timeout: float = 15.0, *, needs: tuple[str, ...] = ()) -> None:
        missing = [n for n in needs if not self.results.get(n)]
        if missing:
            self.line(name, False, f"not run, because {', '.join(missing)} failed")
            return
        started = time.monotonic()
        try:
            await asyncio.wait_for(action(), timeout)
        except Exception as exc:  # noqa: BLE001 - every failure is a FAIL line, never a traceback
            logging.getLogger(__name__).debug("self-test step %s failed", name, exc_info=True)
            self.line(name, False, _reason(exc))
            return
        self.line(name, True, f"{(time.monotonic() - started) * 1000:.0f} ms")

    # --- steps ----------------------------------------------------------------------------------

    async def files(self) -> None:
        from jianmi_desktop.resources import ICON_LICENSE, ICON_NAMES, app_icon_paths, icon_path, resource_path

        base = _package_dir()
        missing = [rel for rel in SHIPPED if not (base / rel).is_file()]
        icons = [*app_icon_paths(), *(icon_path(name) for name in ICON_NAMES), resource_path(ICON_LICENSE)]
        missing += [p.relative_to(base).as_posix() for p in icons if not p.is_file()]
        if missing:
            raise StepFailed(f"shipped files missing in {base}: {', '.join(missing)}")
        try:   # the window draws its icons with QtSvg (gui/widgets/icons.py)
            importlib.import_module("PySide6.QtSvg")
        except ImportError as exc:
            raise StepFailed(f"Qt's SVG module, which draws the icons, cannot be loaded: {exc}") from exc

    async def data(self) -> None:
        await asyncio.to_thread(check_data_folder)

    async def services(self) -> None:
        from jianmi_desktop.runtime import Runtime
        from jianmi_desktop.settings import Settings

        def stored(kind: str, count: int) -> None:
            if kind == "status" and count:
                self.reports.set()

        runtime = self.runtime = Runtime(self.temp / "data", Settings(mode="sandbox"), on_stored=stored)
        runtime.sandbox_options = {"report_delay": (0.2, 0.8)}
        (self.temp / "data").mkdir()
        status = await runtime.start()
        if status.receiver_error is not None:
            raise StepFailed(_reason(status.receiver_error))
        if status.mode != "sandbox" or not status.sdk_url.startswith("http://127.0.0.1:"):
            raise StepFailed(f"expected the embedded sandbox on 127.0.0.1, got {status.mode} at {status.sdk_url}")

    async def balance(self) -> None:
        balance = await self.client.getnum()
        await self.store.record_balance(balance.sent, balance.remaining)
        if balance.remaining <= 0:
            raise StepFailed(f"the sandbox balance is {balance.remaining}")

    async def sms(self) -> None:
        from jianmi_desktop.campaign.drafts import sms_draft
        from jianmi_desktop.campaign.planning import plan_sms
        from jianmi_desktop.campaign.recipients.validation import parse_number_list

        rt = self.rt
        plan = plan_sms("【茧米】自检短信 拒收请回复R", parse_number_list(TEST_NUMBER),
                        opted_out=await self.store.opt_outs(), night=(0, 0))  # a sandbox send: no night warning
        if plan.problems:
            raise StepFailed("the checks refused the test SMS: " + "; ".join(plan.problems))
        assert rt.sending is not None
        self.sms_campaign = await rt.sending.create(sms_draft(
            plan.text, plan.report.valid, stats={"units_per_message": plan.units_per_message}))
        await self._send(self.sms_campaign)

    async def _send(self, cid: int) -> None:
        from jianmi_desktop.campaign.planning import summarize_counts

        assert self.rt.sending is not None
        result = await self.rt.sending.send(cid)   # the one sending path, as the window and the CLI
        counts = summarize_counts(await self.store.campaign_counts(cid))
        if result.error is not None or counts["submitted"] != 1:
            why = _reason(result.error) if result.error is not None else "; ".join(result.failures[:3])
            raise StepFailed(f"campaign {cid}: submitted {counts['submitted']}, failed {counts['failed']}, "
                             f"uncertain {counts['uncertain']}{': ' + why if why else ''}")

    async def report(self) -> None:
        from jianmi_desktop.campaign.planning import summarize_counts

        assert self.sms_campaign is not None, "the sms step made the campaign"
        deadline = time.monotonic() + REPORT_WAIT_S
        while time.monotonic() < deadline:
            counts = summarize_counts(await self.store.campaign_counts(self.sms_campaign))
            if counts["delivered"] + counts["undelivered"] >= 1:
                return
            self.reports.clear()
            try:
                await asyncio.wait_for(self.reports.wait(), 0.5)
            except TimeoutError:
                pass
        raise StepFailed(f"no delivery report stored within {REPORT_WAIT_S:.0f} s")

    async def voice(self) -> None:
        import hashlib

        from jianmi_desktop.resources import resource_path
        from jianmi_desktop.voice.mp3check import check_mp3

        path = resource_path("selftest.mp3")
        data = path.read_bytes()
        mp3 = check_mp3(data, path.name)  # VoiceFileError (plain words) when it does not pass
        serial = await self.client.upload_voice(path.name, data)
        await self.store.add_voice_file(serial=serial, name=path.name, sha256=hashlib.sha256(data).hexdigest(),
                                        size=len(data), duration_s=mp3.duration_s)

    async def photo_step(self) -> None:
        from jianmi_desktop.mms.fit import MAX_BYTES, fit_image

        def made_and_fitted() -> FittedImage:
            return fit_image(make_photo())

        photo = self.photo = await asyncio.to_thread(made_and_fitted)
        if photo.size > MAX_BYTES:
            raise StepFailed(f"the fitted photo has {photo.size} bytes, more than {MAX_BYTES}")

    async def mms(self) -> None:
        from jianmi_desktop.campaign.drafts import mms_draft
        from jianmi_desktop.platform.mms_xml import MmsFrame, build_content

        rt = self.rt
        assert self.photo is not None, "the photo step fitted it"
        frames = [MmsFrame(seconds=3, image=self.photo.data, image_type=self.photo.image_type, text="茧米桌面自检")]
        content = build_content("自检", frames)
        assert rt.sending is not None
        cid = await rt.sending.create(mms_draft("自检", content, 1, [TEST_NUMBER]))
        await self._send(cid)

    async def window(self) -> None:
        await asyncio.to_thread(run_window, self.temp / "window")

    # --- all ------------------------------------------------------------------------------------

    async def run_all(self) -> bool:
        try:
            await self.step("files", self.files)
            await self.step("data", self.data)
            await self.step("services", self.services, 20)
            await self.step("balance", self.balance, needs=("services",))
            await self.step("sms", self.sms, needs=("services",))
            await self.step("report", self.report, REPORT_WAIT_S + 2, needs=("sms",))
            await self.step("voice", self.voice, needs=("services",))
            await self.step("photo", self.photo_step, 20)
            await self.step("mms", self.mms, needs=("services", "photo"))
        finally:
            if self.runtime is not None:
                try:
                    await asyncio.wait_for(self.runtime.stop(), 15)
                except Exception:  # noqa: BLE001 - the results stand; stopping is best effort
                    logging.getLogger(__name__).debug("runtime did not stop cleanly", exc_info=True)
        await self.step("window", self.window, WINDOW_WAIT_S + 5)
        return all(self.results.get(s) for s in STEPS)


def check_data_folder() -> None:
    """The data folder the program would use can be made and written; what was made here is removed."""
    from jianmi_desktop.settings import APP_NAME

    chosen = os.environ.get("JIANMI_DATA_DIR")
    if chosen:
        folder = Path(chosen).expanduser()
    else:
        import platformdirs

        folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    made = []
    try:
        for parent in reversed([folder, *folder.parents]):
            if not parent.exists():
                parent.mkdir()
                made.append(parent)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".selftest-", delete=True) as probe:
            probe.write(b"ok")
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as exc:
        raise StepFailed(f"数据文件夹 {folder} 无法创建或写入 / the data folder cannot be written: "
                         f"{exc.strerror or exc}") from None
    finally:
        for path in reversed(made):
            try:
                path.rmdir()
            except OSError:
                pass


def run_window(data: Path) -> None:
    """The program's window offscreen, on its own temporary data folder, until it shows the balance."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_KEEP_OUT)}
    env.update(JIANMI_DATA_DIR=str(data), JIANMI_STARTUP_PROBE="1", QT_QPA_PLATFORM="offscreen",
               PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring", PYTHONIOENCODING="utf-8")
    try:
        proc = subprocess.run(self_command(), env=env, capture_output=True, text=True, encoding="utf-8",
                              errors="replace", timeout=WINDOW_WAIT_S, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise StepFailed(f"the window did not paint and show the balance within {WINDOW_WAIT_S:.0f} s") from None
    marks = {}
    for text in proc.stdout.splitlines():
        parts = text.split()
        if len(parts) == 2 and parts[1].isdigit():
            marks[parts[0]] = int(parts[1])
    if proc.returncode == 0 and {"painted", "services", "balance"} <= marks.keys():
        return
    last = [t for t in proc.stderr.strip().splitlines() if t.strip()][-1:] or ["(nothing on stderr)"]
    seen = ", ".join(marks) or "nothing"
    raise StepFailed(f"the window exited {proc.returncode} after {seen}; last words: {last[0][:300]}")


def run() -> int:
    """The entry point of ``--self-test``: 0 when every step passed, 1 otherwise."""
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"  # never the OS keychain
    log = logging.getLogger("jianmi_desktop")
    log.addHandler(logging.NullHandler())  # failures are told in the FAIL lines, not as log noise
    log.propagate = False
    started = time.monotonic()
    test = SelfTest()
    try:
        ok = asyncio.run(test.run_all())
    finally:
        shutil.rmtree(test.temp, ignore_errors=True)
    elapsed = time.monotonic() - started
    passed = sum(test.results.values())
    print(f"{'all passed' if ok else 'FAILED'}: {passed}/{len(STEPS)} steps in {elapsed:.1f} s", file=sys.stderr,
          flush=True)
    return 0 if ok else 1
