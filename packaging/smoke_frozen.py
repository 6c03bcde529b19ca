"""Smoke test of the frozen one-folder build (after ``python packaging/build.py``).

    python packaging/smoke_frozen.py [--exe dist/jianmi-desktop/jianmi-desktop]

Runs the frozen executable itself, never the source tree, and prints one PASS/FAIL line a step:

1. bundle   — the shipped files sit where the code looks for them (resources/ with the icons and
              their LICENSE, i18n/*.qm, certifi's cacert.pem), QtSvg and the SVG icon engine are there,
              and no other Qt binding, tkinter or Qt WebEngine came along;
2. version  — ``--version`` exits 0 and prints ``jianmi-desktop <version of the source tree>``;
3. checks   — ``sms check`` offline: the sensitive-word list (a resource file) blocks a text, and
              international numbers are told apart (phonenumbers' lazily loaded region data);
4. sandbox  — the executable's own ``sandbox`` subcommand as a child process on a free loopback
              port (``--port 0``; the port is read from what it prints);
5. balance  — ``balance --json`` with ``JIANMI_*`` pointing at that sandbox: exit 0, sent/remaining;
              a wrong password: exit 3 (the platform refused);
6. send     — ``sms send --json`` of two numbers (exit 0, 2 submitted), then ``history --json``;
7. media    — ``voice upload`` of a made-up mp3 (mutagen) and ``mms send`` of a PNG and a HEIC frame
              (Pillow, pi-heif), the files written here, none shipped;
8. gui      — the window offscreen (``QT_QPA_PLATFORM=offscreen``) with ``JIANMI_STARTUP_PROBE=1``
              on a fresh data folder, so it starts its embedded sandbox as on a first run: it must
              print ``painted``, ``services`` and ``balance`` (not ``balance-error``) and exit 0.

Every run uses a temporary ``JIANMI_DATA_DIR`` and ``PYTHON_KEYRING_BACKEND=keyring.backends.null.Keyring``
(no OS keychain touched); every address is 127.0.0.1, never a real platform host. Exits 1 when any
step fails. Children are ended before it returns.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "jianmi-desktop"
DEFAULT_EXE = ROOT / "dist" / NAME / (NAME + (".exe" if os.name == "nt" else ""))
SANDBOX_UID, SANDBOX_PASSWORD, SANDBOX_APIKEY = "demo", "demo1234", "demo-api-key"  # sandbox/config.py
TIMEOUT = 120
#: a 32×24 HEIC picture (made with pillow-heif), to see the frozen pi-heif open a phone photo
HEIC_32x24 = base64.b64decode("""
AAAAHGZ0eXBoZWljAAAAAG1pZjFoZWljbWlhZgAAAXxtZXRhAAAAAAAAACFoZGxyAAAAAAAAAABwaWN0AAAAAAAAAAAAAAAAAAAA
ACJpbG9jAAAAAERAAAEAAQAAAAABoAABAAAAAAAAAHgAAAAjaWluZgAAAAAAAQAAABVpbmZlAgAAAAABAABodmMxAAAAAA5waXRt
AAAAAAABAAAA/GlwcnAAAADcaXBjbwAAAHVodmNDAQNwAAAAkAAAAAAAHvAA/P34+AAADwNgAAEAGEABDAH//wNwAAADAJAAAAMA
AAMAHroCQGEAAQApQgEBA3AAAAMAkAAAAwAAAwAeoCCBBZbqrprm4CGgwIAAAAyAAAADAIRiAAEABkQBwXPBiQAAABNjb2xybmNs
eAABAA0ABoAAAAAUaXNwZQAAAAAAAABAAAAAQAAAAChjbGFwAAAAIAAAAAEAAAAYAAAAAf///+AAAAAC////2AAAAAIAAAAQcGl4
aQAAAAADCAgIAAAAGGlwbWEAAAAAAAAAAQABBYECAwWEAAAAgG1kYXQAAAB0KAGvEyGomUj1KigRwVD8Po+hDZvoLalCJZEIF3vX
eJkxFnJSgTu3Es2cIcN+r/afQLqNu81j274oeMdinwYHJ7K9pwa1Jr/T8MWmf0OkB8V0l6NNFhSNUM8r/7lewZ0NZg/W+46PZYw7
smFegMkA5DU/e8A=""")


def make_png(width: int = 64, height: int = 48) -> bytes:
    """An RGB gradient as a PNG, written by hand (no Pillow needed to run this script)."""
    rows = (b"\x00" + b"".join(bytes((x * 4 % 256, y * 5 % 256, 120)) for x in range(width)) for y in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))


def make_mp3(seconds: float = 2.0) -> bytes:
    """Silent MPEG-1 Layer III frames, 128 kbps, 44.1 kHz, mono: 417 bytes each, 1,152 samples."""
    return (b"\xff\xfb\x90\xc4" + bytes(413)) * int(seconds * 44100 / 1152)


def unresolved_libraries(folder: Path) -> dict[str, list[str]]:
    """Linux: each shared library that some ELF file of ``folder`` needs and ``ldd`` finds neither
    in the folder nor on this system (a library the slimming dropped by mistake, or a system
    package that the .deb's Depends names and this machine lacks) → the files that need it."""
    if not sys.platform.startswith("linux") or shutil.which("ldd") is None:
        return {}
    elves = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()
             and (".so" in p.name or p.name == NAME) and p.read_bytes()[:4] == b"\x7fELF"]
    path = os.pathsep.join(sorted({str(p.parent) for p in elves}))
    found: dict[str, list[str]] = {}
    for elf in elves:
        out = subprocess.run(["ldd", str(elf)], capture_output=True, text=True,
                             env={**os.environ, "LD_LIBRARY_PATH": path}).stdout
        for line in out.splitlines():
            if "=> not found" in line:
                found.setdefault(line.split("=>")[0].strip(), []).append(elf.name)
    return found


def source_version() -> str:
    text = (ROOT / "jianmi_desktop" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__\s*=\s*"([^"]+)"', text).group(1)


class Smoke:
    def __init__(self, exe: Path) -> None:
        self.exe = exe
        self.results: list[tuple[str, bool]] = []
        self.temp = Path(tempfile.mkdtemp(prefix="jianmi-smoke-"))
        self.children: list[subprocess.Popen] = []

    # --- helpers -----------------------------------------------------------------------------

    def env(self, data: str, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("JIANMI_")}
        env.update({"JIANMI_DATA_DIR": str(self.temp / data),
                    "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
                    "PYTHONIOENCODING": "utf-8", "QT_QPA_PLATFORM": "offscreen"})
        env.update(extra)
        return env

    def run(self, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.exe), *args], env=env, capture_output=True, text=True, encoding="utf-8",
                              errors="replace", timeout=TIMEOUT, stdin=subprocess.DEVNULL, cwd=self.temp)

    def report(self, step: str, ok: bool, detail: str, output: str = "") -> bool:
        print(f"{'PASS' if ok else 'FAIL'}  {step:<8} {detail}", flush=True)
        if not ok and output.strip():
            print("        " + output.strip()[-3000:].replace("\n", "\n        "), flush=True)
        self.results.append((step, ok))
        return ok

    @staticmethod
    def said(proc) -> str:
        return f"exit {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"

    # --- steps -------------------------------------------------------------------------------

    def bundle(self) -> bool:
        base = self.exe.parent
        internal = base / "_internal" if (base / "_internal").is_dir() else base
        missing = [rel for rel in ("jianmi_desktop/resources/sensitive_words.txt", "jianmi_desktop/i18n/jianmi_en.qm",
                                   "jianmi_desktop/resources/icons/send.svg", "jianmi_desktop/resources/icons/LICENSE",
                                   "certifi/cacert.pem") if not (internal / rel).is_file()]
        # the window's icons are drawn by QtSvg; Qt's SVG icon engine plugin draws the SVG icons of its own dialogs
        missing += [pattern for pattern in ("PySide6/QtSvg.*", "PySide6/Qt/plugins/iconengines/*qsvgicon*")
                    if not any(internal.glob(pattern))]
        unwanted = sorted({p.relative_to(base).as_posix() for pattern in
                           ("PyQt5*", "PyQt6*", "PySide2*", "tkinter", "_tkinter*", "*WebEngine*", "*webengine*")
                           for p in base.rglob(pattern)})
        size = sum(p.stat().st_size for p in base.rglob("*") if p.is_file() and not p.is_symlink())
        detail = f"{base} ({size / 1e6:.0f} MB)"
        if missing:
            detail += f"; missing: {', '.join(missing)}"
        if unwanted:
            detail += f"; should not be there: {', '.join(unwanted[:10])}"
        dangling = sorted(p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_symlink() and not p.exists())
        if dangling:
            detail += f"; links to nothing: {', '.join(dangling[:10])}"
        unresolved = unresolved_libraries(base)
        if unresolved:
            detail += "; libraries found neither in the folder nor on this system: " + ", ".join(
                f"{lib} (for {', '.join(users[:3])})" for lib, users in sorted(unresolved.items()))
        return self.report("bundle", not (missing or unwanted or dangling or unresolved), detail)

    def version(self) -> bool:
        proc = self.run(["--version"], self.env("version"))
        expected = f"{NAME} {source_version()}"
        return self.report("version", proc.returncode == 0 and proc.stdout.strip() == expected,
                           proc.stdout.strip() or "(nothing printed)", self.said(proc))

    def checks(self) -> bool:
        env = self.env("checks")
        words = self.run(["sms", "check", "--to", "13800138000", "--text", "【茧米】代开发票 拒收请回复R", "--json"], env)
        intl = self.run(["sms", "check", "--intl", "--to", "+447911123456,+81312345678,+12025550123",
                         "--text", "【Jianmi】hello", "--json"], env)
        try:
            w, i = json.loads(words.stdout), json.loads(intl.stdout)
        except ValueError:
            return self.report("checks", False, "no JSON from sms check", self.said(words) + "\n" + self.said(intl))
        flagged = words.returncode == 2 and any("代开" in p for p in w.get("problems", []))
        told_apart = i.get("valid") == 2 and i.get("invalid") == 1  # +81 3… is a Tokyo landline
        return self.report("checks", flagged and told_apart,
                           f"sensitive words flagged: {flagged} (exit {words.returncode}); "
                           f"international valid/invalid: {i.get('valid')}/{i.get('invalid')} (want 2/1)",
                           self.said(words) + "\n" + self.said(intl))

    def start_sandbox(self) -> str | None:
        proc = subprocess.Popen([str(self.exe), "sandbox", "--host", "127.0.0.1", "--port", "0", "--seed", "7"],
                                env=self.env("sandbox"), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, text=True, encoding="utf-8", errors="replace",
                                cwd=self.temp)
        self.children.append(proc)
        self.sandbox = proc
        seen = []
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            seen.append(line)
            found = re.search(r"running at (http://127\.0\.0\.1:(\d+))", line)
            if found:
                url = found.group(1)
                self.report("sandbox", True, f"{url} (pid {proc.pid})")
                return url
        proc.poll()
        self.report("sandbox", False, f"no 'running at http://127.0.0.1:PORT' line (exit {proc.returncode})",
                    "".join(seen))
        return None

    def platform_env(self, url: str, data: str, password: str = SANDBOX_PASSWORD) -> dict[str, str]:
        assert url.startswith("http://127.0.0.1:")
        return self.env(data, JIANMI_SDK_URL=f"{url}/sdk/SMS", JIANMI_CLIENTAPI_URL=f"{url}/ClientApi",
                        JIANMI_INTL_URL=f"{url}/ClientApi", JIANMI_UID=SANDBOX_UID, JIANMI_PASSWORD=password,
                        JIANMI_APIKEY=SANDBOX_APIKEY)

    def balance(self, url: str) -> bool:
        proc = self.run(["balance", "--json"], self.platform_env(url, "cli"))
        try:
            answer = json.loads(proc.stdout)
            ok = proc.returncode == 0 and isinstance(answer["sent"], int) and isinstance(answer["remaining"], int)
        except (ValueError, KeyError, TypeError):
            answer, ok = proc.stdout.strip(), False
        wrong = self.run(["balance", "--json"], self.platform_env(url, "cli-wrong", password="not-the-password"))
        refused = wrong.returncode == 3
        return self.report("balance", ok and refused,
                           f"{json.dumps(answer, ensure_ascii=False)} (exit {proc.returncode}); "
                           f"wrong password: exit {wrong.returncode} (want 3)",
                           self.said(proc) + "\n" + self.said(wrong))

    def send(self, url: str) -> bool:
        env = self.platform_env(url, "cli")
        proc = self.run(["sms", "send", "--to", "13800138000,13900139000", "--text", "【茧米】冒烟测试 拒收请回复R",
                         "--json"], env)
        try:
            sent = json.loads(proc.stdout)
        except ValueError:
            sent = {}
        history = self.run(["history", "--json"], env)
        try:
            items = json.loads(history.stdout)
        except ValueError:
            items = None
        ok = (proc.returncode == 0 and sent.get("submitted") == 2 and history.returncode == 0
              and isinstance(items, list) and any(it.get("id") == sent.get("campaign") for it in items))
        return self.report("send", ok,
                           f"campaign {sent.get('campaign')}: submitted {sent.get('submitted')}, "
                           f"failed {sent.get('failed')}, uncertain {sent.get('uncertain')} (exit {proc.returncode}); "
                           f"history lists {len(items) if isinstance(items, list) else '?'} campaign(s)",
                           self.said(proc) + "\n" + self.said(history))

    def media(self, url: str) -> bool:
        env = self.platform_env(url, "cli")
        files = {"hello.mp3": make_mp3(), "frame.png": make_png(), "photo.heic": HEIC_32x24}
        for name, data in files.items():
            (self.temp / name).write_bytes(data)
        voice = self.run(["voice", "upload", str(self.temp / "hello.mp3")], env)
        mms = self.run(["mms", "send", "--to", "13800138000", "--title", "冒烟测试",
                        "--frame", str(self.temp / "frame.png"), "--text", "第一帧",
                        "--frame", str(self.temp / "photo.heic"), "--text", "第二帧", "--json"], env)
        try:
            sent = json.loads(mms.stdout)
        except ValueError:
            sent = {}
        uploaded = voice.returncode == 0 and "2.0" in voice.stderr + voice.stdout
        fitted = mms.returncode == 0 and sent.get("submitted") == 1 and "photo.heic" in mms.stderr + mms.stdout
        return self.report("media", uploaded and fitted,
                           f"voice upload exit {voice.returncode}; mms send (PNG + HEIC) exit {mms.returncode}, "
                           f"submitted {sent.get('submitted')}", self.said(voice) + "\n" + self.said(mms))

    def stop_sandbox(self) -> None:
        proc = getattr(self, "sandbox", None)
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM) if os.name != "nt" else proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def gui(self) -> bool:
        started = time.monotonic()
        try:
            proc = self.run([], self.env("gui", JIANMI_STARTUP_PROBE="1"))
        except subprocess.TimeoutExpired as exc:
            return self.report("gui", False, f"no exit within {TIMEOUT} s", str(exc.stdout or ""))
        elapsed = time.monotonic() - started
        marks = {}
        for line in proc.stdout.splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[1].isdigit():
                marks[parts[0]] = int(parts[1])
        ok = (proc.returncode == 0 and {"painted", "services", "balance"} <= marks.keys()
              and "balance-error" not in marks and "Traceback" not in proc.stderr)
        shown = ", ".join(f"{k} {v} ms" for k, v in marks.items()) or "no marks"
        return self.report("gui", ok, f"{shown}; exit {proc.returncode} after {elapsed:.1f} s", self.said(proc))

    # --- all ---------------------------------------------------------------------------------

    def all(self) -> bool:
        try:
            self.bundle()
            if not self.version():
                return False  # the executable does not even start: the rest would say nothing new
            self.checks()
            url = self.start_sandbox()
            if url:
                self.balance(url)
                self.send(url)
                self.media(url)
            self.stop_sandbox()
            self.gui()
        finally:
            for child in self.children:
                if child.poll() is None:
                    child.kill()
                    child.wait()
            shutil.rmtree(self.temp, ignore_errors=True)
        return all(ok for _, ok in self.results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exe", type=Path, default=DEFAULT_EXE, help=f"the frozen executable (default {DEFAULT_EXE})")
    args = parser.parse_args(argv)
    exe = args.exe.resolve()
    if not exe.is_file():
        print(f"FAIL  {exe} does not exist: build it first with `python packaging/build.py`")
        return 1
    smoke = Smoke(exe)
    ok = smoke.all()
    passed = sum(1 for _, good in smoke.results if good)
    print(f"{'PASS' if ok else 'FAIL'}: {passed} of {len(smoke.results)} steps passed ({exe})")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
