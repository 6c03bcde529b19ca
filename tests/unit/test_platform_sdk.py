"""Request builders of the SDK, ClientApi and international endpoints: exact parameters and checks."""

from datetime import date, datetime, time, timedelta, timezone

import pytest

from jianmi_desktop.platform import clientapi, intl, sdk
from jianmi_desktop.platform.auth import clientapi_key, md5_hex
from jianmi_desktop.platform.form import decode_form

PSW = md5_hex("123")          # 202cb962ac59075b964b07152d234b70
UPPER_PSW = PSW.upper()
NOW = datetime(2015, 9, 24, 16, 3, 29, tzinfo=timezone(timedelta(hours=8)))
TS = "20150924160329"
MOBILES = ["13812345678", "13912345678"]
MSG = "您的验证码是1234【茧米】"
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 100


def key(cmd):
    return clientapi_key(cmd, TS, "APIKEY")


BUILDS = [
    ("getnum", lambda: sdk.getnum("0001", PSW),
     "sdk", [("uid", "0001"), ("psw", PSW), ("cmd", "getnum")]),
    ("modifpsw", lambda: sdk.modifpsw("88577", UPPER_PSW, "654321abc"),
     "sdk", [("uid", "88577"), ("psw", PSW), ("cmd", "modifpsw"), ("newpsw", "654321abc")]),
    ("send", lambda: sdk.send("0001", PSW, MOBILES, MSG, 10002),
     "sdk", [("uid", "0001"), ("psw", PSW), ("cmd", "send"), ("mobiles", "13812345678,13912345678"),
             ("msgid", "10002"), ("subid", ""), ("msg", MSG)]),
    ("send-subid-str-mobiles", lambda: sdk.send("0001", PSW, "13812345678, 13912345678", MSG, "1461822936915", "12"),
     "sdk", [("uid", "0001"), ("psw", PSW), ("cmd", "send"), ("mobiles", "13812345678,13912345678"),
             ("msgid", "1461822936915"), ("subid", "12"), ("msg", MSG)]),
    ("uploadvoicefile", lambda: sdk.uploadvoicefile("001", PSW, "C:\\voices\\hello.mp3", MP3),
     "sdk", [("uid", "001"), ("psw", PSW), ("cmd", "uploadvoicefile")]),
    ("sendvoicecall-msg", lambda: sdk.sendvoicecall("0001", PSW, ["13682488577"], 10002, msg="您好"),
     "sdk", [("uid", "0001"), ("psw", PSW), ("cmd", "sendvoicecall"), ("mobiles", "13682488577"),
             ("msgid", "10002"), ("msg", "您好"), ("daycheck", "0"), ("timecheck", "1"), ("callType", "1"),
             ("speed", "60")]),
    ("sendvoicecall-file", lambda: sdk.sendvoicecall("0001", PSW, ["13682488577"], 7, filename="F123", daycheck=2,
                                                     timecheck=0, call_type=0, speed=1200, batchnum=99),
     "sdk", [("uid", "0001"), ("psw", PSW), ("cmd", "sendvoicecall"), ("mobiles", "13682488577"), ("msgid", "7"),
             ("filename", "F123"), ("daycheck", "2"), ("timecheck", "0"), ("callType", "0"), ("speed", "1200"),
             ("batchnum", "99")]),
    ("sendvoice-now", lambda: sdk.sendvoice("0001", PSW, ["13682488577"], 10002, msg="验证码1234"),
     "sdk", [("uid", "0001"), ("psw", PSW), ("cmd", "sendvoice"), ("mobiles", "13682488577"), ("msgid", "10002"),
             ("msg", "验证码1234")]),
    ("sendvoice-scheduled", lambda: sdk.sendvoice("0001", PSW, ["13682488577"], 1001, filename="F1",
                                                  senddate="2010-05-01", sendtime="10:33"),
     "sdk", [("uid", "0001"), ("psw", PSW), ("cmd", "sendvoice"), ("mobiles", "13682488577"), ("msgid", "1001"),
             ("filename", "F1"), ("senddate", "2010-05-01"), ("sendtime", "10:33")]),
    ("sendvote", lambda: sdk.sendvoice("0001", PSW, ["13682488577"], 1001, msg="test", senddate=date(2010, 5, 1),
                                       sendtime=time(10, 33, 5), vote=True),
     "sdk", [("uid", "0001"), ("psw", PSW), ("cmd", "sendvote"), ("mobiles", "13682488577"), ("msgid", "1001"),
             ("msg", "test"), ("senddate", "2010-05-01"), ("sendtime", "10:33:05")]),
    ("addContent", lambda: clientapi.add_content("8888", PSW, "APIKEY", "<mms><title>t</title></mms>", now=NOW),
     "clientapi", [("cmd", "addContent"), ("key", key("addContent")), ("timestamp", TS), ("ucuid", "8888"),
                   ("password", PSW), ("content", "<mms><title>t</title></mms>")]),
    ("mmsSend", lambda: clientapi.mms_send("8888", PSW, "APIKEY", "13682488577,13128922913", "499150924142046190",
                                           now=NOW),
     "clientapi", [("cmd", "mmsSend"), ("key", key("mmsSend")), ("timestamp", TS), ("ucuid", "8888"),
                   ("password", PSW), ("mobiles", "13682488577,13128922913"), ("taskId", "499150924142046190")]),
    ("setStatusUrl", lambda: clientapi.set_status_url("0001", PSW, "APIKEY", "http://www.xxxxx.com/GetMMSStatus?a=1",
                                                      now=NOW),
     "clientapi", [("cmd", "setStatusUrl"), ("key", key("setStatusUrl")), ("timestamp", TS), ("ucuid", "0001"),
                   ("password", PSW), ("statusUrl", "http://www.xxxxx.com/GetMMSStatus?a=1")]),
    ("sendIntlSms", lambda: intl.send_intl_sms("0001", PSW, ["85291234567", "447911123456"], "Hi【Jianmi】", 10002),
     "intl", [("cmd", "sendIntlSms"), ("uid", "0001"), ("psw", PSW), ("msgid", "10002"), ("msg", "Hi【Jianmi】"),
              ("mobiles", "85291234567,447911123456")]),
    ("sendIntlSms-at", lambda: intl.send_intl_sms("0001", PSW, ["85291234567"], "Hi【Jianmi】", 3,
                                                   sendtime="2016-01-01 00:00:00"),
     "intl", [("cmd", "sendIntlSms"), ("uid", "0001"), ("psw", PSW), ("msgid", "3"), ("msg", "Hi【Jianmi】"),
              ("mobiles", "85291234567"), ("sendtime", "2016-01-01 00:00:00")]),
]


@pytest.mark.parametrize("name, build, endpoint, params", BUILDS, ids=[b[0] for b in BUILDS])
def test_params(name, build, endpoint, params):
    call = build()
    assert call.endpoint == endpoint
    assert list(call.params.items()) == params
    assert call.cmd == call.params["cmd"]
    assert all(isinstance(v, str) for v in call.params.values())
    # the form body round-trips through GBK
    assert decode_form(call.form()) == dict(params)
    assert callable(call.parse)


def test_call_repr_hides_secrets():
    call = clientapi.mms_send("8888", PSW, "APIKEY", ["13812345678"], "1", now=NOW)
    text = repr(call)
    assert PSW not in text and key("mmsSend") not in text and "13812345678" in text


def test_upload_file_part():
    call = sdk.uploadvoicefile("001", PSW, "C:\\voices\\hello.mp3", MP3)
    assert call.file == ("hello.mp3", MP3, "audio/mpeg")
    assert call.parse("100#F77").serial == "F77"
    assert "bytes" in repr(call) and "\\xff" not in repr(call)


def test_parsers_per_command():
    assert sdk.getnum("u", PSW).parse("100#1#2").balance.remaining == 2
    assert sdk.send("u", PSW, MOBILES, MSG, 1).parse("100").code == 100
    assert intl.send_intl_sms("u", PSW, ["85291234567"], MSG, 1).parse('{"result":"100"}').code == 100
    assert intl.send_intl_sms("u", PSW, ["85291234567"], MSG, 1).parse("100\n").code == 100


def test_clientapi_default_timestamp_is_china_now():
    call = clientapi.set_status_url("u", PSW, "K", "http://a.b/c")
    stamp = call.params["timestamp"]
    china = datetime.now(timezone(timedelta(hours=8)))
    assert abs(datetime.strptime(stamp, "%Y%m%d%H%M%S") - china.replace(tzinfo=None)) < timedelta(seconds=5)
    assert call.params["key"] == clientapi_key("setStatusUrl", stamp, "K")


# --- what the builders refuse ------------------------------------------------------------

def _many(n):
    return [f"138{i:08d}" for i in range(n)]


INVALID = [
    ("501 mobiles", lambda: sdk.send("u", PSW, _many(501), MSG, 1), "500"),
    ("no mobiles", lambda: sdk.send("u", PSW, [], MSG, 1), "号码"),
    ("empty mobiles str", lambda: sdk.send("u", PSW, "", MSG, 1), "号码"),
    ("bad mobile", lambda: sdk.send("u", PSW, ["13812345678", "12345"], MSG, 1), "12345"),
    ("+86 mobile", lambda: sdk.send("u", PSW, ["+8613812345678"], MSG, 1), "+8613812345678"),
    ("msg 2001", lambda: sdk.send("u", PSW, MOBILES, "字" * 1997 + "【茧米】", 1), "2000"),
    ("no signature", lambda: sdk.send("u", PSW, MOBILES, "验证码1234", 1), "签名"),
    ("empty msg", lambda: sdk.send("u", PSW, MOBILES, "", 1), "空"),
    ("emoji", lambda: sdk.send("u", PSW, MOBILES, "生日快乐🎂【茧米】", 1), "U+1F382"),
    ("msgid letters", lambda: sdk.send("u", PSW, MOBILES, MSG, "abc"), "msgid"),
    ("msgid empty", lambda: sdk.send("u", PSW, MOBILES, MSG, ""), "msgid"),
    ("msgid 21 digits", lambda: sdk.send("u", PSW, MOBILES, MSG, "1" * 21), "msgid"),
    ("msgid negative", lambda: sdk.send("u", PSW, MOBILES, MSG, -1), "msgid"),
    ("subid 4 digits", lambda: sdk.send("u", PSW, MOBILES, MSG, 1, "1234"), "subid"),
    ("plain password", lambda: sdk.getnum("u", "123"), "MD5"),
    ("empty uid", lambda: sdk.getnum("", PSW), "uid"),
    ("new password short", lambda: sdk.modifpsw("u", PSW, "12345"), "6"),
    ("new password long", lambda: sdk.modifpsw("u", PSW, "a1" * 17), "32"),
    ("new password space", lambda: sdk.modifpsw("u", PSW, "abc 12345"), "空格"),
    ("voice both", lambda: sdk.sendvoicecall("u", PSW, MOBILES, 1, msg="a", filename="F"), "二选一"),
    ("voice neither", lambda: sdk.sendvoicecall("u", PSW, MOBILES, 1), "二选一"),
    ("voice empty both", lambda: sdk.sendvoice("u", PSW, MOBILES, 1, msg="", filename=""), "二选一"),
    ("daycheck 3", lambda: sdk.sendvoicecall("u", PSW, MOBILES, 1, msg="a", daycheck=3), "daycheck"),
    ("daycheck -1", lambda: sdk.sendvoicecall("u", PSW, MOBILES, 1, msg="a", daycheck=-1), "daycheck"),
    ("timecheck 2", lambda: sdk.sendvoicecall("u", PSW, MOBILES, 1, msg="a", timecheck=2), "timecheck"),
    ("speed 0", lambda: sdk.sendvoicecall("u", PSW, MOBILES, 1, msg="a", speed=0), "speed"),
    ("speed 1201", lambda: sdk.sendvoicecall("u", PSW, MOBILES, 1, msg="a", speed=1201), "speed"),
    ("speed bool", lambda: sdk.sendvoicecall("u", PSW, MOBILES, 1, msg="a", speed=True), "speed"),
    ("voice 501", lambda: sdk.sendvoicecall("u", PSW, _many(501), 1, msg="a"), "500"),
    ("voice msg 1001", lambda: sdk.sendvoicecall("u", PSW, MOBILES, 1, msg="a" * 1001), "1000"),
    ("batchnum letters", lambda: sdk.sendvoicecall("u", PSW, MOBILES, 1, msg="a", batchnum="b1"), "batchnum"),
    ("date only", lambda: sdk.sendvoice("u", PSW, MOBILES, 1, msg="a", senddate="2030-01-01"), "sendtime"),
    ("time only", lambda: sdk.sendvoice("u", PSW, MOBILES, 1, msg="a", sendtime="10:00"), "senddate"),
    ("bad date", lambda: sdk.sendvoice("u", PSW, MOBILES, 1, msg="a", senddate="2030/01/01", sendtime="10:00"),
     "YYYY-MM-DD"),
    ("impossible date", lambda: sdk.sendvoice("u", PSW, MOBILES, 1, msg="a", senddate="2030-02-30",
                                              sendtime="10:00"), "YYYY-MM-DD"),
    ("full-width date", lambda: sdk.sendvoice("u", PSW, MOBILES, 1, msg="a", senddate="２０３０-01-01",
                                              sendtime="10:00"), "YYYY-MM-DD"),
    ("bad time", lambda: sdk.sendvoice("u", PSW, MOBILES, 1, msg="a", senddate="2030-01-01", sendtime="25:00"),
     "hh:mm"),
    ("bad time form", lambda: sdk.sendvoice("u", PSW, MOBILES, 1, msg="a", senddate="2030-01-01", sendtime="9:5"),
     "hh:mm"),
    ("empty mp3", lambda: sdk.uploadvoicefile("u", PSW, "a.mp3", b""), "空"),
    ("not mp3", lambda: sdk.uploadvoicefile("u", PSW, "a.mp3", b"RIFF....WAVEfmt " * 10), "mp3"),
    ("mp3 too big", lambda: sdk.uploadvoicefile("u", PSW, "a.mp3", b"ID3" + b"\0" * 5_000_000), "5"),
    ("intl 501", lambda: intl.send_intl_sms("u", PSW, ["85291234567"] * 501, MSG, 1), "500"),
    ("intl plus", lambda: intl.send_intl_sms("u", PSW, ["+85291234567"], MSG, 1), "+85291234567"),
    ("intl 00", lambda: intl.send_intl_sms("u", PSW, ["0085291234567"], MSG, 1), "0085291234567"),
    ("intl msg 1001", lambda: intl.send_intl_sms("u", PSW, ["85291234567"], "a" * 993 + "【Jianmi】", 1), "1000"),
    ("intl no signature", lambda: intl.send_intl_sms("u", PSW, ["85291234567"], "Hello", 1), "签名"),
    ("intl bad sendtime", lambda: intl.send_intl_sms("u", PSW, ["85291234567"], MSG, 1, sendtime="2016-01-01"),
     "YYYY-MM-DD hh:mm:ss"),
    ("status url 501", lambda: clientapi.set_status_url("u", PSW, "K", "http://a.cn/" + "x" * 489), "500"),
    ("status url ftp", lambda: clientapi.set_status_url("u", PSW, "K", "ftp://a.cn/"), "http"),
    ("status url no host", lambda: clientapi.set_status_url("u", PSW, "K", "http:///path"), "http"),
    ("status url empty", lambda: clientapi.set_status_url("u", PSW, "K", ""), "statusUrl"),
    ("no apikey", lambda: clientapi.mms_send("u", PSW, "", MOBILES, "1"), "apiKey"),
    ("mms 501", lambda: clientapi.mms_send("u", PSW, "K", _many(501), "1"), "500"),
    ("mms no task", lambda: clientapi.mms_send("u", PSW, "K", MOBILES, ""), "taskId"),
    ("content empty", lambda: clientapi.add_content("u", PSW, "K", ""), "空"),
    ("content not mms", lambda: clientapi.add_content("u", PSW, "K", "<html/>"), "<mms>"),
    ("content emoji", lambda: clientapi.add_content("u", PSW, "K", "<mms><title>😀</title></mms>"), "U+1F600"),
]


@pytest.mark.parametrize("name, build, needle", INVALID, ids=[i[0] for i in INVALID])
def test_builders_refuse(name, build, needle):
    with pytest.raises(ValueError) as info:
        build()
    message = str(info.value)
    assert needle in message
    assert " / " in message   # Chinese first, then English


def test_limits_are_inclusive():
    assert len(sdk.send("u", PSW, _many(500), MSG, 1).params["mobiles"].split(",")) == 500
    assert sdk.send("u", PSW, MOBILES, "字" * 1996 + "【茧米】", 1).params["msg"].endswith("】")
    assert sdk.sendvoicecall("u", PSW, MOBILES, 1, msg="a", speed=1).params["speed"] == "1"
    assert sdk.sendvoice("u", PSW, MOBILES, 1, msg="a" * 2000).params["msg"] == "a" * 2000
    assert sdk.modifpsw("u", PSW, "a1" * 16).params["newpsw"] == "a1" * 16
    assert sdk.send("u", PSW, MOBILES, MSG, "9" * 20).params["msgid"] == "9" * 20
    url = "http://a.cn/" + "x" * 488
    assert clientapi.set_status_url("u", PSW, "K", url).params["statusUrl"] == url
    assert intl.send_intl_sms("u", PSW, ["85291234567"], "a" * 992 + "【Jianmi】", 1).params["msg"]
    assert sdk.uploadvoicefile("u", PSW, "", b"\xff\xfb" + b"\0" * 100).file[0] == "voice.mp3"


def test_scheduled_accepts_datetime_objects():
    call = intl.send_intl_sms("u", PSW, ["85291234567"], MSG, 1, sendtime=datetime(2016, 1, 1, 8, 0, 5))
    assert call.params["sendtime"] == "2016-01-01 08:00:05"
