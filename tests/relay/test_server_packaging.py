"""packaging/server: the image's dependency list is enough to run the relay (the desktop's
own libraries blocked), its health check answers, the Dockerfile runs as a non-root user with
a health check, and the systemd unit passes ``systemd-analyze verify``."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import httpx
import pytest

from tests.support.paths import SAMPLES
from tests.support.relay_proc import RelayProcess

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "packaging" / "server"
# installed with the desktop program, not in the server image (requirements.txt)
DESKTOP_ONLY = ("PySide6", "shiboken6", "qasync", "PIL", "pi_heif", "pillow_heif", "keyring", "python_calamine", "mutagen")

LAUNCHER = textwrap.dedent("""
    import sys

    class NotOnTheServer:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in {blocked!r}:
                raise ImportError(name + " is not installed in the server image")
            return None

    sys.meta_path.insert(0, NotOnTheServer())
    from jianmi_desktop.cli import main
    sys.exit(main(sys.argv[1:]))
""")


def requirement_names(text: str) -> set[str]:
    names = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(re.split(r"[\[<>=!~ ;]", line, maxsplit=1)[0].lower())
    return names


def test_the_image_needs_only_packages_the_program_declares():
    server = requirement_names((SERVER / "requirements.txt").read_text())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = requirement_names("\n".join(project["dependencies"]))
    assert server and server <= declared, server - declared
    assert not server & {"pyside6-essentials", "pyside6-addons", "qasync", "pillow", "keyring"}


async def test_the_relay_runs_with_the_server_requirements_only(db_url, tmp_path):
    launcher = tmp_path / "launcher.py"
    launcher.write_text(LAUNCHER.format(blocked=set(DESKTOP_ONLY)))
    relay = RelayProcess(db_url, tmp_path / "data", command=[sys.executable, str(launcher)]).start()
    try:
        token = relay.token("desk")
        async with httpx.AsyncClient(timeout=30) as client:
            r = await client.post(relay.urls["push_url"], content=(SAMPLES / "status_push.xml").read_bytes())
            assert r.text == "SUCCESS"
            page = (await client.get(f"{relay.urls['api_url']}/events",
                                     headers={"Authorization": f"Bearer {token}"})).json()
            assert len(page["events"]) == 1
        # the image's HEALTHCHECK command, pointed at this relay
        docker = (SERVER / "Dockerfile").read_text()
        check = re.search(r'HEALTHCHECK .*?CMD \["python", "-c", "(.*?)"\]', docker, re.S).group(1)
        check = check.replace("127.0.0.1:17900", f"127.0.0.1:{relay.port}")
        assert subprocess.run([sys.executable, "-c", check], timeout=30).returncode == 0
    finally:
        relay.stop()


def test_dockerfile_is_slim_non_root_with_a_health_check():
    docker = (SERVER / "Dockerfile").read_text()
    lines = [ln.strip() for ln in docker.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    assert lines[0].startswith("FROM ") and lines[0].endswith("-slim")
    users = [ln.split()[1] for ln in lines if ln.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    assert lines.index(next(ln for ln in lines if ln.startswith("USER "))) < lines.index(
        next(ln for ln in lines if ln.startswith("CMD ")))
    assert any(ln.startswith("HEALTHCHECK ") for ln in lines)
    assert "--no-deps" in docker and "requirements.txt" in docker
    compose = (SERVER / "compose.yaml").read_text()
    for service in ("db:", "relay:", "caddy:"):
        assert f"\n  {service}" in compose
    assert "POSTGRES_PASSWORD_FILE" in compose and "POSTGRES_PASSWORD:" not in compose
    assert "{$RELAY_DOMAIN}" in (SERVER / "Caddyfile").read_text()


def test_the_systemd_unit_verifies(tmp_path):
    tool = shutil.which("systemd-analyze")
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail("systemd-analyze is missing: .ci/run installs systemd")
        pytest.skip("systemd-analyze not installed here")
    unit = (SERVER / "jianmi-relay.service").read_text()
    program = Path(sys.executable).parent / "jianmi-desktop"
    unit = unit.replace("/opt/jianmi-relay/venv/bin/jianmi-desktop", str(program))
    path = tmp_path / "jianmi-relay.service"
    path.write_text(unit)
    r = subprocess.run([tool, "verify", str(path)], capture_output=True, text=True, timeout=120)
    problems = [ln for ln in (r.stdout + r.stderr).splitlines() if "jianmi-relay.service" in ln]
    assert r.returncode == 0 and not problems, r.stdout + r.stderr
