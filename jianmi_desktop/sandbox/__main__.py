"""``python -m jianmi_desktop.sandbox``: run the sandbox on its own (same flags as
``jianmi-desktop sandbox``)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from pathlib import Path

from jianmi_desktop.sandbox.app import run_sandbox
from jianmi_desktop.sandbox.config import SandboxConfig


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jianmi_desktop.sandbox",
                                     description="Jianmi platform sandbox (茧米沙盒)")
    defaults = SandboxConfig()
    parser.add_argument("--host", default=defaults.host)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--state", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--push-url", default=None)
    parser.add_argument("--uid", default=defaults.uid)
    parser.add_argument("--password", default=defaults.password)
    parser.add_argument("--apikey", default=defaults.apikey)
    parser.add_argument("--latency-ms", type=int, default=defaults.latency_ms)
    args = parser.parse_args(argv)
    config = SandboxConfig(host=args.host, port=args.port, state_path=args.state, seed=args.seed,
                           push_url=args.push_url, uid=args.uid, password=args.password, apikey=args.apikey,
                           latency_ms=args.latency_ms)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run_sandbox(config))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
