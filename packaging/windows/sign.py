"""Authenticode-sign Windows files (the program's .exe and the setup) with osslsigncode, when
a certificate is provided; otherwise say plainly that signing was skipped.

    python packaging/windows/sign.py FILE [FILE ...]

The certificate comes from the environment (a CI secret): ``JIANMI_SIGN_PFX`` (path of a .pfx /
.p12) and ``JIANMI_SIGN_PASSWORD``; ``JIANMI_SIGN_TIMESTAMP`` (a timestamp server URL) is
optional. Each file is signed in place through a temporary copy, so a failed signature never
leaves a half-written file. Exit 0 when signed or skipped, 2 when signing was asked and failed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import BuildError, atomic_output, need_tool  # noqa: E402


def sign(files: list[Path], env: dict[str, str] | None = None) -> bool:
    """Sign every file; False (and one line) when no certificate was given."""
    env = dict(os.environ if env is None else env)
    pfx = env.get("JIANMI_SIGN_PFX", "")
    if not pfx:
        print("signing skipped: no certificate (JIANMI_SIGN_PFX is not set); the files are unsigned")
        return False
    if not Path(pfx).is_file():
        raise BuildError(f"signing asked but the certificate file is missing: {pfx}")
    tool = need_tool("osslsigncode", "osslsigncode")
    for path in files:
        with atomic_output(path) as partial:
            command = [tool, "sign", "-pkcs12", pfx, "-pass", env.get("JIANMI_SIGN_PASSWORD", ""),
                       "-n", "Jianmi Desktop", "-i", "https://www.jianmi.invalid/desktop", "-h", "sha256"]
            if env.get("JIANMI_SIGN_TIMESTAMP"):
                command += ["-ts", env["JIANMI_SIGN_TIMESTAMP"]]
            result = subprocess.run([*command, "-in", str(path), "-out", str(partial)], capture_output=True, text=True)
            if result.returncode != 0:
                raise BuildError(f"signing {path.name} failed: {(result.stdout + result.stderr).strip()[-300:]}")
        print(f"signed {path}")
    return True


def main(argv: list[str] | None = None) -> int:
    files = [Path(a) for a in (sys.argv[1:] if argv is None else argv)]
    if not files:
        print("usage: sign.py FILE [FILE ...]", file=sys.stderr)
        return 2
    sign(files)
    return 0


if __name__ == "__main__":
    sys.exit(main())
