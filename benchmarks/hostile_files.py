"""Hostile files against the program's own readers: the message each one gets, how long it
took to be refused, and the peak memory of the process that read it (the target: refused in
< 1 s with a plain message naming the file, memory bounded whatever the file).

Each file is made in a temporary folder (zip bombs from repeated bytes through zlib, a sheet of
20,000,000 identical rows, a 9000×9000 PNG, renamed programs, an endless line, a symbolic-link
loop, a named pipe …) and read in a fresh child process, so each peak (ru_maxrss) is its own.

    .venv/bin/python benchmarks/hostile_files.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support import hostile  # noqa: E402

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
kind, path = sys.argv[1], Path(sys.argv[2])
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
message = "accepted"
try:
    if kind == "recipients":
        from jianmi_desktop.campaign.recipients import read_recipients
        read_recipients(path)
    elif kind == "picture":
        from jianmi_desktop.mms.fit import fit_image
        from jianmi_desktop.safefiles import read_limited
        fit_image(read_limited(path, 30_000_000, what_zh="图片"), name=path.name)
    else:
        from jianmi_desktop.safefiles import read_limited
        from jianmi_desktop.voice.mp3check import check_mp3
        check_mp3(read_limited(path, 64 * 1024 * 1024, what_zh="语音文件"), path.name)
except Exception as exc:
    message = getattr(exc, "zh", None) or f"{type(exc).__name__}: {exc}"
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"message": message, "seconds": elapsed, "peak_mb": peak / 1024, "base_mb": base / 1024}))
"""


def _bytes(data: bytes):
    def make(path: Path) -> Path:
        path.write_bytes(data)
        return path
    return make


CASES = [
    ("recipients", "one-cell-bomb.xlsx", lambda p: hostile.one_cell_bomb(p, 1_500_000_000)),
    ("recipients", "cell-256MB.xlsx", lambda p: hostile.one_cell_bomb(p, 256_000_000)),
    ("recipients", "rows-20M.xlsx", lambda p: hostile.identical_rows(p, 20_000_000)),
    ("recipients", "lying-size.xlsx", lambda p: hostile.lying_member(p, 1_000_000_000)),
    ("recipients", "program.xlsx", _bytes(hostile.ELF)),
    ("recipients", "empty.csv", _bytes(b"")),
    ("recipients", "nul-bytes.txt", _bytes(b"138\x00\x00\x00" * 100_000)),
    ("recipients", "line-5M.txt", _bytes(b"1" * 5_000_000 + b"\n13800000000\n")),
    ("recipients", "loop.csv", hostile.symlink_loop),
    ("recipients", "pipe.csv", lambda p: os.mkfifo(p) or p),
    ("picture", "png-9000x9000.png", lambda p: hostile.png_of(p, 9000, 9000)),
    ("picture", "program.jpg", _bytes(hostile.ELF)),
    ("picture", "empty.jpg", _bytes(b"")),
    ("picture", "loop.jpg", hostile.symlink_loop),
    ("voice", "program.mp3", _bytes(hostile.ELF)),
    ("voice", "zeros-70MB.mp3", lambda p: (p.write_bytes(b""), os.truncate(p, 70_000_000), p)[2]),
    ("voice", "loop.mp3", hostile.symlink_loop),
]


def main() -> int:
    worst_time = worst_mem = 0.0
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'file':<22} {'kind':<10} {'size':>10} {'time':>8} {'peak':>8}  message")
        for kind, name, make in CASES:
            path = make(Path(folder) / name)
            size = path.stat().st_size if path.exists() and path.is_file() else 0
            out = subprocess.run([sys.executable, "-c", CHILD, kind, str(path)], capture_output=True, text=True,
                                 cwd=ROOT, timeout=120)
            if out.returncode != 0:
                print(f"{name:<22} child failed: {out.stderr.strip()[-300:]}")
                return 1
            r = json.loads(out.stdout)
            worst_time, worst_mem = max(worst_time, r["seconds"]), max(worst_mem, r["peak_mb"])
            print(f"{name:<22} {kind:<10} {size / 1e6:>8.1f}MB {r['seconds'] * 1000:>6.0f}ms "
                  f"{r['peak_mb']:>6.0f}MB  {r['message'][:110]}")
    print(f"\nslowest refusal {worst_time * 1000:.0f} ms (target < 1000 ms); largest peak {worst_mem:.0f} MB "
          "(the child process as a whole, Python and the imports included)")
    return 0 if worst_time < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
