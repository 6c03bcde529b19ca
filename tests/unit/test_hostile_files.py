"""Files that would take the computer down, or that the OS cannot read, are refused quickly
with a plain message naming the file — through the real readers (recipients, pictures, mp3)
and the command line. The figures (time, peak memory) are printed by benchmarks/hostile_files.py."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from PIL import Image

from jianmi_desktop.campaign.recipients import RecipientFileError, read_recipients
from jianmi_desktop.mms.fit import ImageFitError, fit_image
from jianmi_desktop.safefiles import FileRefused, read_limited
from jianmi_desktop.voice.mp3check import VoiceFileError, check_mp3
from tests.support import hostile
from tests.support.servers import run_cli


def _bytes(data: bytes):
    def make(path: Path) -> Path:
        path.write_bytes(data)
        return path
    return make


RECIPIENT_CASES = {
    # name: (maker, words the Chinese message must contain)
    "bomb.xlsx": (lambda p: hostile.one_cell_bomb(p, 1_500_000_000), ["bomb.xlsx", "解压后", "上限"]),
    "cell256.xlsx": (lambda p: hostile.one_cell_bomb(p, 256_000_000), ["cell256.xlsx", "压缩比异常"]),
    "rows.xlsx": (lambda p: hostile.identical_rows(p, 20_000_000), ["rows.xlsx", "解压后"]),
    "lie.xlsx": (lambda p: hostile.lying_member(p, 400_000_000), ["lie.xlsx", "上限"]),
    "program.xlsx": (_bytes(hostile.ELF), ["program.xlsx", "程序文件"]),
    "empty.csv": (_bytes(b""), ["empty.csv", "0 字节"]),
    "nul.txt": (_bytes(b"138\x00\x00\x00" * 2000), ["nul.txt", "二进制"]),
    "long.txt": (_bytes(b"1" * 5_000_000 + b"\n13800000000\n"), ["long.txt", "第 1 行", "5,000,000"]),
    "loop.csv": (hostile.symlink_loop, ["loop.csv", "符号链接循环"]),
    "folder.csv": (lambda p: p.mkdir() or p, ["folder.csv", "文件夹"]),
    "pipe.csv": (lambda p: os.mkfifo(p) or p, ["pipe.csv", "不是普通文件"]),
}


@pytest.mark.parametrize("name", sorted(RECIPIENT_CASES))
def test_hostile_recipient_files_are_refused_quickly_in_plain_words(tmp_path, name):
    maker, words = RECIPIENT_CASES[name]
    path = maker(tmp_path / name)
    started = time.perf_counter()
    with pytest.raises(RecipientFileError) as caught:
        read_recipients(path)
    elapsed = time.perf_counter() - started
    for word in words:
        assert word in caught.value.zh, caught.value.zh
    assert name in caught.value.en
    assert "Errno" not in caught.value.zh and "Too many levels" not in caught.value.zh
    assert elapsed < 10, elapsed            # guard only; usual figures in benchmarks/hostile_files.py


def test_an_ordinary_xlsx_and_a_long_remark_still_read(tmp_path):
    from tests.support.xlsx import write_xlsx

    rows = [["手机", "姓名"]] + [[f"138{i:08d}", f"客户{i}"] for i in range(50_000)]
    result = read_recipients(write_xlsx(tmp_path / "ok.xlsx", rows))
    assert len(result.rows) == 50_000
    text = "手机,备注\n13800000000," + "很长的备注" * 100_000 + "\n"
    (tmp_path / "remark.csv").write_text(text, encoding="utf-8")
    assert len(read_recipients(tmp_path / "remark.csv").rows) == 1


def test_a_9000_by_9000_png_is_refused_before_it_is_decoded(tmp_path):
    path = hostile.png_of(tmp_path / "huge.png", 9000, 9000)
    assert path.stat().st_size < 1_000_000
    with pytest.raises(ImageFitError) as caught:
        fit_image(read_limited(path, 30_000_000), name=path.name)
    assert "9000×9000" in caught.value.zh and "huge.png" in caught.value.zh


def test_a_large_jpeg_is_still_fitted(tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (8000, 6000), (30, 120, 200)).save(buffer, "JPEG", quality=80)
    fitted = fit_image(buffer.getvalue(), name="big.jpg")
    assert len(fitted.data) <= 80_000


@pytest.mark.parametrize("case", ["program", "empty", "loop", "too_big"])
def test_hostile_pictures_and_voice_files(tmp_path, case):
    path = tmp_path / f"{case}.jpg"
    if case == "program":
        path.write_bytes(hostile.ELF)
    elif case == "empty":
        path.write_bytes(b"")
    elif case == "loop":
        hostile.symlink_loop(path)
    else:
        with open(path, "wb") as fh:
            fh.truncate(31_000_000)
    with pytest.raises((FileRefused, ImageFitError)) as caught:
        fit_image(read_limited(path, 30_000_000, what_zh="图片"), name=path.name)
    assert path.name in caught.value.zh
    mp3 = path.with_suffix(".mp3")
    if path.is_symlink():
        hostile.symlink_loop(mp3)
    elif case == "too_big":
        os.link(path, mp3)
    else:
        mp3.write_bytes(path.read_bytes())
    with pytest.raises((FileRefused, VoiceFileError)) as caught:
        check_mp3(read_limited(mp3, 30_000_000, what_zh="语音文件"), mp3.name)
    assert mp3.name in caught.value.zh


def test_the_command_line_names_the_file_and_why(tmp_path):
    env = {"JIANMI_DATA_DIR": str(tmp_path / "data"),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    bomb = hostile.one_cell_bomb(tmp_path / "客户.xlsx", 1_500_000_000)
    r = run_cli(["sms", "check", "--to-file", str(bomb), "--text", "【茧米】您好"], env, timeout=60)
    assert r.code == 1, (r.code, r.stdout, r.stderr)
    assert "客户.xlsx" in r.stderr and "上限" in r.stderr and "Traceback" not in r.stderr
    loop = hostile.symlink_loop(tmp_path / "list.csv")
    r = run_cli(["sms", "check", "--to-file", str(loop), "--text", "【茧米】您好"], env, timeout=60)
    assert r.code == 1 and "符号链接循环" in r.stderr, r.stderr
    frame = hostile.png_of(tmp_path / "poster.png", 9000, 9000)
    r = run_cli(["mms", "send", "--to", "13800138000", "--title", "新品", "--frame", str(frame),
                 "--text", "第一帧"], env, timeout=60)
    assert r.code == 2 and "9000×9000" in r.stderr, (r.code, r.stderr)


def test_files_already_imported_are_untouched_by_a_refused_one(tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("手机\n13800000000\n13800000001\n", encoding="utf-8")
    first = read_recipients(good)
    with pytest.raises(RecipientFileError):
        read_recipients(hostile.one_cell_bomb(tmp_path / "bad.xlsx", 500_000_000))
    assert [r.raw for r in read_recipients(good).rows] == [r.raw for r in first.rows]
    assert Path(good).read_text(encoding="utf-8").count("138") == 2
