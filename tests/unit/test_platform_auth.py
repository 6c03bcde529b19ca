"""auth.py: MD5, ClientApi key and timestamp in China time, masking secrets."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from jianmi_desktop.platform import auth


@pytest.mark.parametrize("text, digest", [
    ("123", "202cb962ac59075b964b07152d234b70"),        # the source's own example (psw of uid 0001)
    ("", "d41d8cd98f00b204e9800998ecf8427e"),
])
def test_md5_hex(text, digest):
    assert auth.md5_hex(text) == digest
    assert len(auth.md5_hex(text)) == 32 and auth.md5_hex(text) == auth.md5_hex(text).lower()


def test_md5_of_chinese_uses_utf8_bytes():
    import hashlib
    assert auth.md5_hex("密码") == hashlib.md5("密码".encode()).hexdigest()
    assert auth.md5_hex("密码") != hashlib.md5("密码".encode("gbk")).hexdigest()


def test_china_tz_is_utc_plus_8():
    assert auth.CHINA_TZ.utcoffset(None) == timedelta(hours=8)
    now = auth.china_now()
    assert now.tzinfo is not None and now.utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize("moment, expected", [
    (datetime(2015, 9, 24, 8, 3, 29, tzinfo=UTC), "20150924160329"),
    (datetime(2015, 9, 24, 23, 30, 0, tzinfo=UTC), "20150925073000"),   # crosses midnight
    (datetime(2015, 9, 24, 16, 3, 29, tzinfo=auth.CHINA_TZ), "20150924160329"),
    (datetime(2015, 9, 24, 4, 3, 29, tzinfo=timezone(timedelta(hours=-4))), "20150924160329"),
    (datetime(2015, 9, 24, 16, 3, 29), "20150924160329"),   # naive: taken as China time
])
def test_clientapi_timestamp(moment, expected):
    assert auth.clientapi_timestamp(moment) == expected


def test_clientapi_timestamp_default_is_now_in_china():
    before = datetime.now(UTC)
    stamp = auth.clientapi_timestamp()
    parsed = auth.parse_clientapi_timestamp(stamp)
    assert abs(parsed - before) < timedelta(seconds=5)
    assert len(stamp) == 14 and stamp.isdigit()


@pytest.mark.parametrize("bad", ["2015092416032", "2015-09-24 16:03", "abcdefghijklmn", "20151324160329"])
def test_parse_clientapi_timestamp_rejects(bad):
    with pytest.raises(ValueError):
        auth.parse_clientapi_timestamp(bad)


def test_clientapi_key_is_md5_of_cmd_timestamp_apikey():
    assert auth.clientapi_key("addContent", "20150924160329", "KEY") == auth.md5_hex("addContent20150924160329KEY")
    assert auth.clientapi_key("mmsSend", "20150924160329", "KEY") != auth.clientapi_key(
        "addContent", "20150924160329", "KEY")


def test_mask_params_hides_every_secret_and_nothing_else():
    params = {"uid": "u", "psw": "p", "password": "pw", "newpsw": "n", "key": "k", "apikey": "a",
              "apiKey": "A", "msg": "hello", "cmd": "send"}
    masked = auth.mask_params(params)
    for name in ("psw", "password", "newpsw", "key", "apikey", "apiKey"):
        assert masked[name] == "******"
    assert masked["uid"] == "u" and masked["msg"] == "hello" and masked["cmd"] == "send"
    assert params["psw"] == "p"   # the original is untouched


@pytest.mark.parametrize("text, secret", [
    ("uid=u&psw=202cb962ac59075b964b07152d234b70&cmd=getnum", "202cb962ac59075b964b07152d234b70"),
    ("http://h/sdk/SMS?cmd=modifpsw&uid=1&psw=abc&newpsw=654321", "654321"),
    ("cmd=addContent&key=b101776e3a04838593d3234acc505a67&timestamp=1", "b101776e3a04838593d3234acc505a67"),
    ("ucuid=8888&password=f379eaf3c831b04de153469d1bec345e", "f379eaf3c831b04de153469d1bec345e"),
    ('{"apiKey": "s3cret", "uid": "u"}', "s3cret"),
    ("APIKEY=s3cret", "s3cret"),
])
def test_mask_text(text, secret):
    masked = auth.mask_text(text)
    assert secret not in masked
    assert "******" in masked


def test_mask_text_leaves_lookalike_names():
    text = "monkey=1&subkey=2&uid=u"
    assert auth.mask_text(text) == text
