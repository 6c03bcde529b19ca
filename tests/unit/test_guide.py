"""The user guide: written for both languages, its pictures made at 1366 wide, its HTML (package
data, opened by the 帮助 menu) built from exactly these Markdown files."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "guide"
PICTURE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")


def test_both_guides_cover_every_topic_with_pictures_that_exist():
    for lang, words in {"zh_CN": ["安装", "沙箱", "真实账号", "Excel", "变量", "彩信", "拖", "定时", "状态报告",
                                  "状态不明", "退订"],
                        "en": ["Install", "sandbox", "real account", "Excel", "variables", "MMS", "drag",
                               "Scheduled", "delivery report", "状态不明", "Opt-outs"]}.items():
        text = (GUIDE / f"{lang}.md").read_text(encoding="utf-8")
        missing = [w for w in words if w not in text]
        assert not missing, f"{lang}.md says nothing of {missing}"
        pictures = PICTURE.findall(text)
        assert len(pictures) >= 6
        for src in pictures:
            path = GUIDE / src
            assert path.is_file(), f"{lang}.md shows {src}, which is missing"
            assert path.name.startswith(lang + "-"), f"{lang}.md shows a picture of the other language: {src}"
            width, height = Image.open(path).size
            if "settings" not in path.name:
                assert width == 1366, (src, width)  # made by packaging/screenshots.py --guide


def test_the_built_html_matches_the_markdown(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "packaging" / "build_guide.py"), "--check"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_the_converter_writes_what_the_guide_uses():
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        from build_guide import to_html
    finally:
        sys.path.pop(0)
    seen = []
    title, body = to_html("# 标题\n\n第一行\n第二行 **粗** `code <b>`\n\n1. 一\n   续\n2. [链接](http://x.invalid/a)\n\n"
                          "![图 A](img/a.png)\n\n- a\n- b", lambda src: seen.append(src) or "guide-a.png")
    assert title == "标题" and seen == ["img/a.png"]
    assert "<p>第一行第二行 <strong>粗</strong> <code>code &lt;b&gt;</code></p>" in body
    assert "<ol><li>一续</li><li><a href=\"http://x.invalid/a\">链接</a></li></ol>" in body
    assert '<img src="guide-a.png" alt="图 A">' in body and "<ul><li>a</li><li>b</li></ul>" in body
