"""``jianmi-desktop --self-test`` run as a user runs it: a child process of the installed program."""

import os
import re
import subprocess
import sys

from jianmi_desktop.selftest import STEPS

LINE = re.compile(r"^(PASS (?P<ok>\S+) \((?P<ms>\d+) ms\)|FAIL (?P<bad>\S+): (?P<why>.+))$")


def self_test(tmp_path, **extra):
    """Run it with its temporary folders under ``tmp_path/tmp``; returns (exit, {step: line}, stderr)."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIANMI_")}
    env.update({"TMPDIR": str(temp), "JIANMI_DATA_DIR": str(tmp_path / "data"), "PYTHONIOENCODING": "utf-8", **extra})
    proc = subprocess.run([sys.executable, "-m", "jianmi_desktop", "--self-test"], env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120, stdin=subprocess.DEVNULL)
    lines = {}
    for text in proc.stdout.splitlines():
        found = LINE.match(text)
        assert found, f"not a PASS/FAIL line: {text!r}\n{proc.stdout}\n{proc.stderr}"
        lines[found.group("ok") or found.group("bad")] = text
    assert list(lines) == list(STEPS), proc.stdout
    assert list(temp.iterdir()) == [], "the temporary folders were not removed"
    return proc.returncode, lines, proc.stderr


def test_every_step_passes_on_a_fresh_machine(tmp_path):
    code, lines, stderr = self_test(tmp_path)
    assert code == 0, "\n".join(lines.values()) + "\n" + stderr
    assert all(text.startswith("PASS ") for text in lines.values()), lines
    total_ms = sum(int(re.search(r"\((\d+) ms\)", t).group(1)) for t in lines.values())
    assert total_ms < 30_000, lines
    assert "Traceback" not in stderr
    # the data folder was only probed: made for the check, and removed again since it was not there
    assert not (tmp_path / "data").exists()


def test_a_data_folder_that_cannot_be_made_fails_that_step_and_exits_1(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder's parent should be")
    code, lines, stderr = self_test(tmp_path, JIANMI_DATA_DIR=str(blocker / "data"))
    assert code == 1
    assert lines["data"].startswith("FAIL data: ") and str(blocker / "data") in lines["data"], lines["data"]
    assert "Not a directory" in lines["data"] or "not a directory" in lines["data"].lower()
    # the rest runs on its own temporary folder and still works: one FAIL, nine PASS
    assert [s for s, t in lines.items() if t.startswith("FAIL")] == ["data"], lines
    assert "Traceback" not in stderr


def test_an_existing_data_folder_is_left_as_it_was(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.json").write_text('{"uid": "kept"}', encoding="utf-8")
    code, lines, _ = self_test(tmp_path)
    assert code == 0, lines
    assert sorted(p.name for p in data.iterdir()) == ["settings.json"]
    assert (data / "settings.json").read_text(encoding="utf-8") == '{"uid": "kept"}'
