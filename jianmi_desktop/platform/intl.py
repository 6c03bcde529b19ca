"""The international endpoint: sendIntlSms.

Numbers are digits with the country code, no ``+`` or ``00`` (use
:func:`numbers.check_intl` first). The answer is a plain code; JSON is accepted too.
"""

from __future__ import annotations

from datetime import datetime

from jianmi_desktop.platform import validate as v
from jianmi_desktop.platform.answers import parse_code_or_json
from jianmi_desktop.platform.sdk import Call

MAX_INTL_MSG = 1000


def send_intl_sms(uid: str, psw_md5: str, mobiles: v.Mobiles, msg: str, msgid: object,
                  sendtime: str | datetime | None = None) -> Call:
    """An international SMS to up to 500 numbers; ``msg`` ≤ 1,000 characters with a 【签名】.

    ``sendtime`` (``YYYY-MM-DD hh:mm:ss``, China time, passed as given) schedules it.
    """
    params = {
        "cmd": "sendIntlSms",
        "uid": v.account(uid, "uid"),
        "psw": v.md5_param(psw_md5, "psw"),
        "msgid": v.msgid(msgid),
        "msg": v.message(msg, MAX_INTL_MSG, signature=True),
        "mobiles": v.intl_mobiles(mobiles),
    }
    if sendtime is not None and sendtime != "":
        params["sendtime"] = v.send_datetime(sendtime)
    return Call("intl", "sendIntlSms", params, None, parse_code_or_json)
