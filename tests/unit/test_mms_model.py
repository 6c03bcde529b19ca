"""mms/model.py: the message, its checks, and the one-file draft (saved atomically, refused when damaged)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from PIL import Image

from jianmi_desktop.mms.fit import fit_image
from jianmi_desktop.mms.model import (
    TOTAL_BUDGET,
    DraftError,
    Frame,
    MmsMessage,
    blocking,
    draft_bytes,
    load_draft,
    save_draft,
    to_mms_frames,
    validate,
)
from jianmi_desktop.platform.mms_xml import build_content, parse_content


def png_bytes(colour=(200, 30, 30), size=(40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, "PNG")
    return buf.getvalue()


def fitted_frame(colour=(200, 30, 30), text="", seconds=3) -> Frame:
    return Frame(text=text, seconds=seconds).with_image(fit_image(png_bytes(colour)), name="红.png")


def sample() -> MmsMessage:
    return MmsMessage("新品上市", (fitted_frame(text="第一帧"), Frame(text="只有文字", seconds=5),
                                  fitted_frame((0, 0, 255), seconds=2)))


def test_edits_make_new_messages_and_share_frames():
    m = sample()
    moved = m.move(0, 2)
    assert [f.text for f in moved.frames] == ["只有文字", "", "第一帧"]
    assert moved.frames[2] is m.frames[0] and [f.text for f in m.frames][0] == "第一帧"
    assert m.remove(1).frames == (m.frames[0], m.frames[2])
    assert m.insert(1, Frame(text="x")).frames[1].text == "x"
    assert m.replace_frame(0, m.frames[0].without_image()).frames[0].image is None
    assert m.with_title("t").title == "t" and m.total_seconds == 10


def test_a_good_message_passes_and_builds_content():
    m = sample()
    assert validate(m) == []
    title, frames = parse_content(build_content(m.title, to_mms_frames(m)))
    assert title == "新品上市" and [f.image for f in frames] == [f.image for f in m.frames]


@pytest.mark.parametrize("message, fragment", [
    (MmsMessage("", (Frame(text="a"),)), "还没有彩信标题"),
    (MmsMessage("t", ()), "至少要有一帧"),
    (MmsMessage("t", (Frame(),)), "第 1 帧既没有图片也没有文字"),
    (MmsMessage("t", (Frame(text="a", seconds=0),)), "1 到 60 秒"),
    (MmsMessage("t", (Frame(text="a", seconds=61),)), "1 到 60 秒"),
    (MmsMessage("t😀", (Frame(text="a"),)), "标题中有无法发送的字符"),
    (MmsMessage("t", (Frame(text="a€"),)), "第 1 帧的文字中有无法发送的字符"),
    (MmsMessage("t", (Frame(image=b"\xff\xd8\xff" + b"0" * 80_000, image_type="jpg"),)), "超过 80,000 字节"),
    (MmsMessage("t", (Frame(image=png_bytes(), image_type="jpg"),)), "不是它标明的 jpg"),
])
def test_problems_block(message, fragment):
    found = blocking(validate(message))
    assert any(fragment in p.zh for p in found), [p.zh for p in found]


def test_a_heavy_message_gets_a_budget_note_not_a_block():
    frame = Frame(image=b"\xff\xd8\xff" + b"0" * 79_000, image_type="jpg")
    m = MmsMessage("t", (frame,) * 4)
    assert m.total_size > TOTAL_BUDGET
    problems = validate(m)
    assert not blocking(problems) and problems[0].level == "warn" and "KB" in problems[0].zh


def test_draft_round_trip_keeps_every_byte(tmp_path):
    m = sample()
    path = save_draft(m, tmp_path / "草稿.jmms")
    assert zipfile.is_zipfile(path)
    again = load_draft(path)
    assert again == m
    assert [f.image for f in again.frames] == [f.image for f in m.frames]
    assert again.frames[0].image_name == "红.png" and again.frames[0].width == 40
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_saving_over_a_draft_replaces_it_whole(tmp_path):
    path = tmp_path / "d.jmms"
    save_draft(sample(), path)
    save_draft(MmsMessage("新", (Frame(text="a"),)), path)
    assert load_draft(path).title == "新"


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _manifest(**changes) -> bytes:
    manifest = {"format": "jianmi-mms-draft", "version": 1, "title": "t",
                "frames": [{"image": "images/1.png", "image_type": "png", "text": "", "seconds": 3}]}
    manifest.update(changes)
    return json.dumps(manifest).encode()


@pytest.mark.parametrize("content, fragment", [
    (b"", "0 字节"),
    (b"hello, I am text", "不是茧米彩信草稿"),
    (None, "损坏"),  # a real draft cut in half
    (_zip({"other.txt": b"x"}), "缺少 manifest.json"),
    (_zip({"manifest.json": b"{not json"}), "manifest.json 已损坏"),
    (_zip({"manifest.json": json.dumps({"format": "x"}).encode()}), "不是茧米彩信草稿"),
    (_zip({"manifest.json": _manifest(version=99)}), "更新版本"),
    (_zip({"manifest.json": _manifest()}), "缺少 images/1.png"),
    (_zip({"manifest.json": _manifest(), "images/1.png": b"not a png"}), "第 1 帧的图片已损坏"),
    (_zip({"manifest.json": _manifest(), "images/1.png": b"\x89PNG\r\n\x1a\n" + b"0" * 200_000}), "大得异常"),
    (_zip({"manifest.json": _manifest(frames="x")}), "清单内容不完整"),
])
def test_a_damaged_draft_is_refused_with_its_name(tmp_path, content, fragment):
    if content is None:
        content = draft_bytes(sample())[:-200]
    path = tmp_path / "坏的.jmms"
    path.write_bytes(content)
    with pytest.raises(DraftError) as info:
        load_draft(path)
    assert "坏的.jmms" in info.value.zh and fragment in info.value.zh, info.value.zh
