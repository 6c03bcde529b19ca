"""Customer data stays private on a shared computer: the data folder is 0700 and the database,
settings, logs and exports 0600 (also when an older version left them 0755/0644), and no log
line carries the receiver's secret push token."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from jianmi_desktop.settings import ensure_receiver_token, load_settings
from tests.support.servers import run_cli

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_data_folder_and_its_files_are_for_this_user_only(tmp_path):
    data = tmp_path / "data"
    (data / "logs").mkdir(parents=True, mode=0o755)
    os.chmod(data, 0o755)
    (data / "settings.json").write_text("{}", encoding="utf-8")
    os.chmod(data / "settings.json", 0o644)
    (data / "logs" / "jianmi.log").write_text("old\n", encoding="utf-8")
    os.chmod(data / "logs" / "jianmi.log", 0o644)
    env = {"JIANMI_DATA_DIR": str(data), "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    r = run_cli(["history", "--json"], env, timeout=60)
    assert r.code == 0, r.stderr
    assert mode(data) == 0o700 and mode(data / "logs") == 0o700
    for name in ("settings.json", "logs/jianmi.log", "jianmi.db"):
        assert mode(data / name) == 0o600, name
    for path in data.rglob("*"):
        if path.is_file():
            assert mode(path) & 0o077 == 0, path


def test_new_files_and_exports_are_private(tmp_path):
    data = tmp_path / "fresh"
    env = {"JIANMI_DATA_DIR": str(data), "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    listing = tmp_path / "list.csv"
    listing.write_text("手机\n13800000000\n", encoding="utf-8")
    r = run_cli(["sms", "check", "--to-file", str(listing), "--text", "【茧米】您好 拒收请回复R"], env, timeout=60)
    assert mode(data) == 0o700
    for path in data.rglob("*"):
        assert mode(path) & 0o077 == 0, (path, oct(mode(path)))
    from jianmi_desktop.campaign.optouts import write_opt_outs_csv
    from jianmi_desktop.store.export import write_csv
    from jianmi_desktop.store.rows import OptOutRow

    write_csv(tmp_path / "export.csv", ["手机"], [["13800000000"]])
    write_opt_outs_csv(tmp_path / "optouts.csv", [OptOutRow("13800000000", "manual", "x")])
    assert mode(tmp_path / "export.csv") == 0o600 and mode(tmp_path / "optouts.csv") == 0o600
    del r


def test_the_push_token_never_reaches_the_log(tmp_path):
    from jianmi_desktop.sandbox.app import Sandbox, SandboxConfig
    from tests.support.servers import LoopThread, account_env

    data = tmp_path / "data"
    data.mkdir()
    token = ensure_receiver_token(load_settings(data), data)
    loop = LoopThread()
    sandbox = Sandbox(SandboxConfig(port=0, seed=1))
    loop.run(sandbox.start())
    try:
        env = account_env(sandbox.url, data)
        url = f"http://203.0.113.7:17801/{token}/status"
        r = run_cli(["status-url", url], env, timeout=60)
        assert r.code == 0, r.stderr
        assert sandbox.state.status_url == url or url in str(vars(sandbox.state))
        log = (data / "logs" / "jianmi.log").read_text(encoding="utf-8")
        assert "setStatusUrl" in log, log[-2000:]
        assert token not in log
    finally:
        loop.run(sandbox.stop())
        loop.close()
