"""mms_xml.py: the addContent content document."""

import base64
import io
from urllib.parse import unquote

import pytest
from defusedxml import ElementTree as SafeET
from PIL import Image

from jianmi_desktop.platform import mms_xml as m
from tests.support.paths import SAMPLES  # noqa: E402

SAMPLE = SAMPLES / "mms_content.xml"


def image_bytes(fmt: str, size=(40, 30), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt, kind", [("JPEG", "jpg"), ("GIF", "gif"), ("PNG", "png")])
def test_sniff_real_images(fmt, kind):
    assert m.sniff_image_type(image_bytes(fmt)) == kind


@pytest.mark.parametrize("data", [b"", None, b"BM\x00\x00", b"RIFF\x00\x00\x00\x00WEBP", b"<svg/>", b"\xff\xd8"])
def test_sniff_other(data):
    assert m.sniff_image_type(data) is None


def test_encode_image_is_url_encoded_base64():
    data = bytes(range(256)) * 3     # base64 of this holds + and /
    encoded = m.encode_image(data)
    assert "+" not in encoded and "/" not in encoded and "=" not in encoded
    assert "%2B" in encoded and "%2F" in encoded
    assert base64.b64decode(unquote(encoded)) == data
    assert m.decode_image(encoded) == data


def test_build_content_structure_and_round_trip():
    jpg, gif = image_bytes("JPEG"), image_bytes("GIF")
    frames = [m.MmsFrame(3, jpg, "jpg", "文字内容"), m.MmsFrame(5, gif, None, None), m.MmsFrame(2, None, None, "只有字")]
    xml = m.build_content("标题 <&> \"x\"", frames)
    root = SafeET.fromstring(xml)
    assert root.tag == "mms" and root.findtext("title") == "标题 <&> \"x\""
    nodes = root.find("body").findall("frame")
    assert [f.findtext("playtimes") for f in nodes] == ["3", "5", "2"]
    assert nodes[0].find("img").get("type") == "jpg" and nodes[1].find("img").get("type") == "gif"
    assert nodes[2].find("img") is None and nodes[1].find("text") is None
    assert base64.b64decode(unquote(nodes[0].findtext("img"))) == jpg
    assert "<![CDATA[文字内容]]>" in xml
    title, parsed = m.parse_content(xml)
    assert title == "标题 <&> \"x\""
    assert parsed == [m.MmsFrame(3, jpg, "jpg", "文字内容"), m.MmsFrame(5, gif, "gif", None),
                      m.MmsFrame(2, None, None, "只有字")]


def test_cdata_split_keeps_literal_terminator():
    text = "a]]>b]]]]>c<![CDATA[d&<e"
    xml = m.build_content("t", [m.MmsFrame(1, None, None, text)])
    assert SafeET.fromstring(xml).find("body/frame/text").text == text


def test_sample_shape_parses():
    title, frames = m.parse_content(SAMPLE.read_text(encoding="utf-8"))
    assert title == "示例"
    assert [(f.seconds, f.image_type, f.text) for f in frames] == [(3, "jpg", "文字内容"), (3, "gif", "文字内容")]


def test_built_document_has_the_sample_shape():
    xml = m.build_content("示例", [m.MmsFrame(3, image_bytes("JPEG"), "jpg", "文字内容")])
    sample = SafeET.fromstring(SAMPLE.read_text(encoding="utf-8"))
    built = SafeET.fromstring(xml)

    def shape(node):
        return (node.tag, sorted(node.attrib), [shape(c) for c in node])
    assert shape(built) == (sample.tag, [], [shape(sample.find("title")),
                                             ("body", [], [shape(sample.find("body/frame"))])])


def test_image_limit_81920():
    png = image_bytes("PNG")
    padded_ok = png + b"\0" * (m.MAX_IMAGE_BYTES - len(png))
    assert len(padded_ok) == 81_920
    m.build_content("t", [m.MmsFrame(1, padded_ok, "png", None)])
    with pytest.raises(ValueError) as info:
        m.build_content("t", [m.MmsFrame(1, padded_ok + b"\0", "png", None)])
    assert "81,921" in str(info.value) and "80K" in str(info.value)


@pytest.mark.parametrize("frames, needle", [
    ([], "至少"),
    ([m.MmsFrame(3, None, None, None)], "既没有图片也没有文字"),
    ([m.MmsFrame(3, None, None, "")], "既没有图片也没有文字"),
    ([m.MmsFrame(3, b"", None, "")], "既没有图片也没有文字"),
    ([m.MmsFrame(0, None, None, "x")], "播放时长"),
    ([m.MmsFrame(-1, None, None, "x")], "播放时长"),
    ([m.MmsFrame(1.5, None, None, "x")], "播放时长"),
    ([m.MmsFrame(3, b"not an image", None, None)], "不是 jpg"),
    ([m.MmsFrame(3, image_bytes("PNG"), "jpg", None)], "实际是 png"),
    ([m.MmsFrame(3, None, None, "x\x01y")], "控制字符"),
    ([m.MmsFrame(3, None, None, "祝福🎉")], "U+1F389"),
    ([m.MmsFrame(1, None, None, "ok"), m.MmsFrame(1, None, None, None)], "第 2 帧"),
])
def test_build_refuses(frames, needle):
    with pytest.raises(ValueError) as info:
        m.build_content("t", frames)
    assert needle in str(info.value)


def test_jpeg_alias_and_title_checks():
    xml = m.build_content("", [m.MmsFrame(1, image_bytes("JPEG"), "jpeg", None)])
    assert 'type="jpg"' in xml and "<title></title>" in xml
    with pytest.raises(ValueError):
        m.build_content("a\nb", [m.MmsFrame(1, None, None, "x")])
    with pytest.raises(ValueError):
        m.build_content("€", [m.MmsFrame(1, None, None, "x")])


@pytest.mark.parametrize("doc", [
    "<mms><body>", "<html/>", "<mms><title/></mms>",
    '<!DOCTYPE mms [<!ENTITY a "x">]><mms><title>&a;</title><body/></mms>',
    "<mms><body><frame><playtimes>x</playtimes></frame></body></mms>",
    "<mms><body><frame><playtimes>1</playtimes><img type='jpg'>@@@</img></frame></body></mms>",
])
def test_parse_content_refuses(doc):
    with pytest.raises(ValueError):
        m.parse_content(doc)
