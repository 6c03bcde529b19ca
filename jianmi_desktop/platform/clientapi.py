"""The ClientApi endpoint: addContent, mmsSend, setStatusUrl.

Every call carries ``cmd, key, timestamp, ucuid, password`` with
``key = md5(cmd + timestamp + apiKey)`` and ``timestamp`` in China time. Answers are JSON.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from jianmi_desktop.platform import validate as v
from jianmi_desktop.platform.answers import parse_json, parse_task
from jianmi_desktop.platform.auth import clientapi_key, clientapi_timestamp
from jianmi_desktop.platform.sdk import Call

MAX_STATUS_URL = 500
MAX_TASK_ID = 300


def _base(cmd: str, ucuid: str, psw_md5: str, apikey: str, now: datetime | None) -> dict[str, str]:
    if not isinstance(apikey, str) or not apikey.strip():
        raise ValueError(v.msg("缺少 ClientApi 的 apiKey（在设置里填写）",
                               "the ClientApi apiKey is missing (enter it in the settings)"))
    timestamp = clientapi_timestamp(now)
    return {
        "cmd": cmd,
        "key": clientapi_key(cmd, timestamp, apikey),
        "timestamp": timestamp,
        "ucuid": v.account(ucuid, "ucuid"),
        "password": v.md5_param(psw_md5, "password"),
    }


def add_content(ucuid: str, psw_md5: str, apikey: str, content_xml: str,
                now: datetime | None = None) -> Call:
    """Store MMS content (the XML of :func:`mms_xml.build_content`); answer carries ``taskId``."""
    if not isinstance(content_xml, str) or not content_xml.strip():
        raise ValueError(v.msg("彩信内容是空的", "the MMS content is empty"))
    if not content_xml.lstrip().startswith("<mms"):
        raise ValueError(v.msg("彩信内容应是以 <mms> 开头的 XML", "the MMS content must be XML starting with <mms>"))
    v.gbk(content_xml, "彩信内容", "the MMS content")
    params = _base("addContent", ucuid, psw_md5, apikey, now)
    params["content"] = content_xml
    return Call("clientapi", "addContent", params, None, parse_task)


def mms_send(ucuid: str, psw_md5: str, apikey: str, mobiles: v.Mobiles, task_id: str,
             now: datetime | None = None) -> Call:
    """Send stored MMS content ``task_id`` to up to 500 domestic mobiles."""
    params = _base("mmsSend", ucuid, psw_md5, apikey, now)
    params["mobiles"] = v.domestic_mobiles(mobiles)
    params["taskId"] = v.plain(task_id, "taskId", MAX_TASK_ID)
    return Call("clientapi", "mmsSend", params, None, parse_json)


def set_status_url(ucuid: str, psw_md5: str, apikey: str, url: str,
                   now: datetime | None = None) -> Call:
    """Register where voice and MMS status is called (an http(s) URL of ≤ 500 characters)."""
    text = v.plain(url, "statusUrl", MAX_STATUS_URL)
    try:
        parts = urlsplit(text)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname) and text == text.strip()
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(v.msg(f"状态回调地址应是 http:// 或 https:// 开头的网址，这里是“{text}”",
                               f"the status URL must be an http:// or https:// address, got {text!r}"))
    params = _base("setStatusUrl", ucuid, psw_md5, apikey, now)
    params["statusUrl"] = text
    return Call("clientapi", "setStatusUrl", params, None, parse_json)
