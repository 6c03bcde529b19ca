"""What the client tells when a request goes wrong: the network in plain words (never an
exception's class name), the uncertain outcome, an HTTP status that is not the platform's
answer, and the call as it may be logged (secrets masked)."""

from __future__ import annotations

import httpx

from jianmi_desktop.platform.auth import mask_params, mask_text
from jianmi_desktop.platform.errors import AnswerFormatError, CheckFailed, Uncertain
from jianmi_desktop.platform.sdk import Call

#: the longest answer or call written to the log
LOG_LIMIT = 500


class _Retry(Exception):
    """Internal: not carried out, may be retried after a back-off."""

    def __init__(self, zh: str, en: str, *, slow: bool = False) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en
        self.slow = slow


# ------------------------------------------------------------------ transport errors

# Nothing reached the platform: safe to try again.
_NOT_SENT_RETRY: tuple[type[BaseException], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.ProxyError,
)
# Nothing reached the platform, and trying again will not help (bad address, a bug).
_NOT_SENT_FINAL: tuple[type[BaseException], ...] = (
    httpx.UnsupportedProtocol,
    httpx.LocalProtocolError,
    httpx.InvalidURL,
)


def network_cause(exc: BaseException) -> tuple[str, str]:
    """What went wrong on the network, in plain words (zh, en): never an exception's class name;
    the technical detail goes to the log only."""
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and len(chain) < 8:      # httpx wraps the OS's error ("All connection attempts failed")
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    text = " ".join(str(e) for e in chain).lower()
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        text += " refused"
    if any(w in text for w in ("name or service", "nodename", "getaddrinfo", "name resolution",
                               "no address associated")):
        return "找不到这个服务器地址（地址可能写错了，或者这台电脑没有连上网络）", \
            "the server's name could not be found (a wrong address, or this computer is offline)"
    if "refused" in text:
        return "服务器拒绝了连接（那里没有服务在运行，或者端口写错了）", \
            "the server refused the connection (nothing runs there, or the port is wrong)"
    if "unreachable" in text:
        return "网络不通", "the network is unreachable"
    if "certificate" in text or "ssl" in text:
        return "安全连接（HTTPS 证书）验证失败", "the secure connection (HTTPS certificate) could not be verified"
    if isinstance(exc, (httpx.ConnectTimeout, httpx.PoolTimeout)):
        return "服务器一直没有回应", "the server did not respond"
    if isinstance(exc, httpx.TimeoutException):
        return "等回答等得太久了", "the answer took too long"
    if isinstance(exc, httpx.ProxyError):
        return "代理服务器出了问题", "the proxy failed"
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError, httpx.CloseError)):
        return "连接中途被断开了", "the connection was dropped midway"
    return "网络出了问题", "a network error"


def _describe_transport(exc: BaseException) -> tuple[str, str]:
    zh_cause, en_cause = network_cause(exc)
    if isinstance(exc, (httpx.ConnectError, httpx.ProxyError)):
        return (f"连不上平台的服务器：{zh_cause}。请检查网络和接口地址。",
                f"Could not connect to the platform's server: {en_cause}. Check the network and the address.")
    if isinstance(exc, httpx.ConnectTimeout):
        return (f"连接平台的服务器超时：{zh_cause}。请检查网络。",
                f"Connecting to the platform's server timed out: {en_cause}. Check the network.")
    if isinstance(exc, httpx.PoolTimeout):
        return ("同时进行的请求太多，等空闲连接超时了。请稍后再试。",
                "Too many requests at once; waiting for a free connection timed out. Try again later.")
    if isinstance(exc, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
        return ("接口地址不对。请在设置里检查地址，应以 http:// 或 https:// 开头。",
                "The endpoint address is wrong. Check it in the settings; it must start with http:// or https://.")
    if isinstance(exc, httpx.TimeoutException):
        return ("请求已经发出，但等待平台回答超时。",
                "The request was sent but the platform's answer timed out.")
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError, httpx.CloseError)):
        return ("请求发出后连接被断开，没有收到平台的回答。",
                "The connection was closed after the request was sent; no answer came back.")
    return (f"请求发出后出了问题（{zh_cause}），没有收到可读的回答。",
            f"Something failed after the request was sent ({en_cause}); no readable answer came back.")


_UNCERTAIN_TAIL_ZH = "平台可能已经执行了这次请求，也可能没有。为了不重复发送，本程序不会自动重发；请等待状态报告或自行决定。"
_UNCERTAIN_TAIL_EN = ("The platform may or may not have carried it out. To avoid sending twice, it is not "
                      "resent automatically; wait for the delivery reports or decide yourself.")


def _uncertain(zh: str, en: str) -> Uncertain:
    return Uncertain(f"{zh}{_UNCERTAIN_TAIL_ZH}", f"{en} {_UNCERTAIN_TAIL_EN}")


def _decode_answer(response: httpx.Response) -> str:
    """The answer's text: the declared charset, else UTF-8, else GBK (Chinese servers)."""
    content = response.content
    charset = response.charset_encoding
    if charset:
        try:
            return content.decode(charset, errors="replace")
        except LookupError:
            pass
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("gbk", errors="replace")


def _check_failed(exc: ValueError) -> CheckFailed:
    """A builder's or the form encoder's ValueError ("中文 / English") as CheckFailed."""
    zh, _, en = str(exc).partition(" / ")
    return CheckFailed([zh], [en or zh])


def _readable(call: Call) -> str:
    """The call's parameters as plain text (not percent-encoded), secrets masked."""
    shown = "&".join(f"{name}={value}" for name, value in mask_params(call.params).items()
                     if value is not None)
    if call.file is not None:
        filename, data, content_type = call.file
        shown += f" + file={filename!r} ({len(data)} bytes, {content_type})"
    return mask_text(shown)


def _short(text: str, limit: int = LOG_LIMIT) -> str:
    return text if len(text) <= limit else f"{text[:limit]}…(+{len(text) - limit})"


def _status_error(status: int, url: str, text: str, response: httpx.Response) -> AnswerFormatError:
    if 300 <= status < 400:
        where = response.headers.get("location", "")
        return AnswerFormatError(
            text,
            zh=f"接口地址不对：{url} 回答 HTTP {status}，要求转到 {where}。请在设置里把地址改成新的地址。",
            en=f"Wrong endpoint address: {url} answered HTTP {status}, redirecting to {where}. "
               "Change the address in the settings.",
        )
    if status == 404:
        return AnswerFormatError(
            text,
            zh=f"地址不对：{url} 上没有这个接口（HTTP 404）。请在设置里检查接口地址。",
            en=f"Wrong address: there is no such endpoint at {url} (HTTP 404). Check the address in the settings.",
        )
    if status in (401, 403, 407):
        return AnswerFormatError(
            text,
            zh=f"服务器拒绝了访问（HTTP {status}）：地址不对，或者被防火墙、代理拦截了。请检查接口地址和网络。",
            en=f"The server refused access (HTTP {status}): a wrong address, or a firewall or proxy is in the "
               "way. Check the endpoint address and the network.",
        )
    return AnswerFormatError(
        text,
        zh=f"地址不对或服务器出错：{url} 回答了 HTTP {status}，请求没有被执行。请检查接口地址。",
        en=f"Wrong address or a server error: {url} answered HTTP {status}; the request was not carried out. "
           "Check the endpoint address.",
    )
