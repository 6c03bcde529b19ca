"""The documents stay inside the project and true to the program.

1. No tracked file points at a document outside the repository (the design and API notes the
   project was started from are not part of it): no DESIGN.md, API.md, "DESIGN §", shared/ or
   "steering repo". This file is the only one allowed to name them.
2. docs/cli.md lists every command and every flag of the real argparse, and nothing else.
"""

from __future__ import annotations

import argparse
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTSIDE = re.compile(r"DESIGN\.md|API\.md|DESIGN §|shared/|steering repo", re.IGNORECASE)
SELF = Path(__file__).resolve()
SKIP_DIRS = {".git", ".venv", "build", "dist", "__pycache__", ".pytest_cache", ".hypothesis", "node_modules"}


def tracked_files() -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        return [ROOT / name for name in out.decode().split("\0") if name]
    except (OSError, subprocess.CalledProcessError):  # a copy without git: every file but the usual junk
        return [p for p in ROOT.rglob("*") if p.is_file() and not SKIP_DIRS & set(p.relative_to(ROOT).parts)]


def test_no_file_points_at_a_document_outside_the_project():
    found = []
    files = tracked_files()
    assert len(files) > 50, "the file list looks wrong"
    for path in files:
        if path.resolve() == SELF or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # images, icons, the mp3
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    assert not found, "references to documents outside the repository:\n" + "\n".join(found)


def test_the_rule_catches_a_reference(tmp_path):
    assert OUTSIDE.search("see DESIGN.md §6") and OUTSIDE.search("(API.md §3)")
    assert OUTSIDE.search("kept in the Steering Repo") and OUTSIDE.search("/work/shared/notes")
    assert not OUTSIDE.search("docs/cli.md §6") and not OUTSIDE.search("/usr/share/applications")


def synopsis() -> dict[str, str]:
    """docs/cli.md's synopsis: {"sms send": "the whole entry, continuation lines included", ...}."""
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    block = text.split("## Synopsis", 1)[1].split("```", 2)[1]
    entries: list[str] = []
    for line in block.splitlines():
        if line.startswith("jianmi-desktop"):
            entries.append(line)
        elif line.strip() and entries:
            entries[-1] += " " + line.strip()
    out = {}
    for entry in entries:
        words = re.split(r"\s{2,}", entry)[0].split()[1:]  # a description follows after two spaces
        path = []
        for word in words:
            if not re.fullmatch(r"[a-z][a-z-]*", word):
                break
            path.append(word)
        key = " ".join(path)
        out[key] = (out[key] + " " + entry) if key in out else entry  # "": the window, --version, --self-test
    return out


def commands(parser: argparse.ArgumentParser, prefix: str = "") -> dict[str, list[str]]:
    """{"sms send": ["--to", "--to-file", ...], "": [top-level options]} from the real parser."""
    found = {prefix: [s for a in parser._actions for s in a.option_strings if s not in ("-h", "--help")]}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.update(commands(sub, f"{prefix} {name}".strip()))
    return found


def test_docs_cli_lists_every_command_and_flag_of_the_program():
    from jianmi_desktop.cli import build_parser

    documented = synopsis()
    real = commands(build_parser())
    for path, options in real.items():
        if not options and any(k.startswith(path + " ") for k in real):
            continue  # a group such as "sms": its subcommands are listed
        assert path in documented, f"docs/cli.md has no line for `jianmi-desktop {path}`"
        for option in options:
            assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", documented[path]), \
                f"docs/cli.md does not show {option} of `jianmi-desktop {path}`"
    for path in documented:
        assert path == "" or path in real, f"docs/cli.md documents `jianmi-desktop {path}`, which does not exist"
