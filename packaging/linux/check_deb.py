"""Install the .deb the way a user does, run the installed program's self-test, remove it.

    python packaging/linux/check_deb.py [--deb dist/jianmi-desktop_<version>_<arch>.deb] [--build]

Needs root (dpkg -i). Steps, each printed PASS/FAIL: lintian shows no error; ``dpkg -i``;
``/usr/bin/jianmi-desktop --self-test`` (a temporary HOME and data folder, no keychain, Qt
offscreen) exits 0; the menu entry, icon and metainfo are where the desktop looks; ``dpkg -r``;
nothing is left under /opt/jianmi-desktop. Exit 0 only when every step passed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import APP_ID, DIST, ROOT  # noqa: E402

NAME = "jianmi-desktop"


def step(name: str, ok: bool, detail: str = "", started: float | None = None) -> bool:
    took = f" ({(time.monotonic() - started) * 1000:.0f} ms)" if started is not None else ""
    print(f"{'PASS' if ok else 'FAIL'} {name}{took}{': ' + detail if detail and not ok else ''}", flush=True)
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deb", type=Path, default=None)
    parser.add_argument("--build", action="store_true", help="build the .deb from dist/jianmi-desktop first")
    args = parser.parse_args(argv)
    if args.build or args.deb is None and not list((ROOT / "dist").glob(f"{NAME}_*.deb")):
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from build_deb import build

        deb = build(DIST, ROOT / "dist")
    else:
        deb = args.deb or sorted((ROOT / "dist").glob(f"{NAME}_*.deb"))[-1]
    ok = True

    t = time.monotonic()
    lint = subprocess.run(["lintian", "--tag-display-limit", "0", str(deb)], capture_output=True, text=True)
    errors = [line for line in lint.stdout.splitlines() if line.startswith("E:")]
    ok &= step("lintian: no errors", lint.returncode in (0, 1) and not errors, "; ".join(errors[:5]), t)

    t = time.monotonic()
    inst = subprocess.run(["dpkg", "-i", str(deb)], capture_output=True, text=True)
    if inst.returncode != 0:               # missing Depends: let apt bring them, as a user's would
        inst = subprocess.run(["apt-get", "-y", "-qq", "-f", "install"], capture_output=True, text=True,
                              env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    ok &= step("dpkg -i", inst.returncode == 0 and Path(f"/opt/{NAME}/{NAME}").is_file(),
               inst.stderr.strip()[-400:], t)

    with tempfile.TemporaryDirectory() as home:
        env = {"PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen",
               "JIANMI_DATA_DIR": str(Path(home) / "data"), "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
        t = time.monotonic()
        test = subprocess.run(["/usr/bin/jianmi-desktop", "--self-test"], capture_output=True, text=True, env=env,
                              timeout=180)
        print("\n".join("    " + line for line in test.stdout.splitlines()))
        ok &= step("/usr/bin/jianmi-desktop --self-test", test.returncode == 0, test.stderr.strip()[-600:], t)

    placed = [Path(f"/usr/share/applications/{APP_ID}.desktop"), Path(f"/usr/share/metainfo/{APP_ID}.metainfo.xml"),
              Path(f"/usr/share/icons/hicolor/256x256/apps/{NAME}.png")]
    ok &= step("menu entry, icon and metainfo installed", all(p.is_file() for p in placed),
               ", ".join(str(p) for p in placed if not p.is_file()))

    t = time.monotonic()
    rm = subprocess.run(["dpkg", "-r", NAME], capture_output=True, text=True)
    ok &= step("dpkg -r", rm.returncode == 0, rm.stderr.strip()[-400:], t)
    left = [str(p) for p in [Path(f"/opt/{NAME}"), Path(f"/usr/bin/{NAME}"), *placed] if p.exists() or p.is_symlink()]
    ok &= step("nothing left behind", not left, ", ".join(left))
    print("ALL PASS" if ok else "SOME STEPS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
