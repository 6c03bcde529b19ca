"""Async client for the three Jianmi endpoints (the layers: docs/contracts.md).

One :class:`JianmiClient` holds one ``httpx.AsyncClient`` and one
:class:`~jianmi_desktop.limiter.SlidingWindowLimiter` for the account.  It sends the
:class:`~jianmi_desktop.platform.sdk.Call` objects built by ``platform/`` and turns what
happens on the wire into one of these outcomes:

* an :class:`~jianmi_desktop.platform.models.Answer` (code 100);
* :class:`PlatformRefusal` — the platform answered a code other than 100 (a ``105`` is
  retried first: it was not carried out);
* :class:`NotSent` — certainly not carried out: the connection was refused or timed out
  before anything left, or HTTP 500/502/503 / ``105`` kept coming back after
  ``max_retries`` retries;
* :class:`Uncertain` — the request left and no answer came back (read timeout, HTTP 504,
  a connection reset or closed after sending).  It may have been carried out, so it is
  **never** retried here; the caller records it as uncertain;
* :class:`AnswerFormatError` — an answer nobody can read (an HTML page, HTTP 404 …).

Every request is a POST (form body in GBK, or multipart for an mp3 upload), so
credentials never sit in a URL.  Every attempt waits for the account's limiter first,
and several requests may be in flight at once, so a slow round trip does not lower the
rate.  Requests and answers are logged on ``jianmi_desktop.client`` with every secret
masked.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from urllib.parse import urlencode

import httpx

from jianmi_desktop import __version__
from jianmi_desktop.client_words import (  # noqa: F401 - network_cause is offered here too
    _NOT_SENT_FINAL,
    _NOT_SENT_RETRY,
    LOG_LIMIT,
    _check_failed,
    _decode_answer,
    _describe_transport,
    _readable,
    _Retry,
    _short,
    _status_error,
    _uncertain,
    network_cause,
)
from jianmi_desktop.limiter import SlidingWindowLimiter
from jianmi_desktop.platform import clientapi, intl, sdk
from jianmi_desktop.platform.auth import mask_text, md5_hex
from jianmi_desktop.platform.errors import (
    AnswerFormatError,
    CheckFailed,
    JianmiError,
    NotSent,
    PlatformRefusal,
    Uncertain,
)
from jianmi_desktop.platform.form import FORM_CONTENT_TYPE, encode_form
from jianmi_desktop.platform.models import Answer, Balance
from jianmi_desktop.platform.sdk import Call

__all__ = [
    "Account",
    "Endpoints",
    "Exchange",
    "JianmiClient",
    "SlidingWindowLimiter",
    "FORM_CONTENT_TYPE",
    "RETRY_STATUSES",
]

log = logging.getLogger("jianmi_desktop.client")

#: HTTP statuses that mean "not carried out, retry after a back-off" (the platform's HTTP rules)
RETRY_STATUSES = frozenset({500, 502, 503})
#: HTTP status that leaves the request uncertain (the platform's HTTP rules)
UNCERTAIN_STATUSES = frozenset({504})
#: longest single back-off pause, seconds
MAX_BACKOFF = 10.0
#: how much of a body or an answer goes into one log line

_RATE_CODE = 105


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Endpoints:
    """The three endpoint addresses (user-configurable)."""

    sdk: str = "http://api.91jianmi.com/sdk/SMS"
    clientapi: str = "http://i.huixun35.com/ClientApi"
    intl: str = "http://c.huixun35.com/ClientApi"

    def url_for(self, endpoint: str) -> str:
        try:
            return {"sdk": self.sdk, "clientapi": self.clientapi, "intl": self.intl}[endpoint]
        except KeyError:
            raise ValueError(f"unknown endpoint {endpoint!r}") from None

    @classmethod
    def on_one_host(cls, base_url: str) -> Endpoints:
        """The sandbox layout: ``/sdk/SMS`` and ``/ClientApi`` (twice) on one host."""
        base = base_url.rstrip("/")
        return cls(sdk=f"{base}/sdk/SMS", clientapi=f"{base}/ClientApi", intl=f"{base}/ClientApi")


@dataclass
class Account:
    """One platform account. ClientApi falls back to ``uid`` / ``password_md5``.

    Secrets are left out of ``repr`` so an account never lands in a log by accident.
    """

    uid: str
    password_md5: str = field(repr=False)
    apikey: str = field(default="", repr=False)
    ucuid: str | None = None
    clientapi_password_md5: str | None = field(default=None, repr=False)

    @property
    def clientapi_uid(self) -> str:
        return self.ucuid or self.uid

    @property
    def clientapi_psw(self) -> str:
        return self.clientapi_password_md5 or self.password_md5

    def secrets(self) -> list[str]:
        """Every secret value of this account (for checks that none was logged)."""
        return [s for s in (self.password_md5, self.apikey, self.clientapi_password_md5) if s]


@dataclass(frozen=True)
class Exchange:
    """One request and its answer as the API console shows them (secrets masked).

    ``status`` is 0 when no HTTP answer came back; ``text`` then explains why, in
    Chinese and English.
    """

    method: str
    url: str
    request_body: str
    status: int
    text: str
    elapsed_ms: float


# ------------------------------------------------------------------------ the client


def tls_context(endpoints: Endpoints) -> ssl.SSLContext | bool:
    """What the client verifies TLS with. With an ``https`` endpoint: the usual trusted
    certificates (``True``: httpx's). With none — the platform's own addresses and the sandbox are
    plain ``http``, and the client never follows a redirect — a context that checks hostnames and
    certificates but trusts no certificate at all: nothing can be sent over TLS with it, and it is
    made at once instead of loading ~300 CA certificates (~40 ms of every start)."""
    if any(url.lower().startswith("https:") for url in (endpoints.sdk, endpoints.clientapi, endpoints.intl)):
        return True
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


class JianmiClient:
    """The platform client for one account. Use as ``async with JianmiClient(...) as c``."""

    def __init__(
        self,
        endpoints: Endpoints,
        account: Account,
        *,
        limiter: SlidingWindowLimiter | None = None,
        timeout: float = 30.0,
        max_retries: int = 5,
        backoff: float = 0.5,
        transport: httpx.AsyncBaseTransport | None = None,
        max_connections: int = 16,
    ) -> None:
        if max_connections < 1:
            raise ValueError("max_connections must be at least 1")
        self.endpoints = endpoints
        self.account = account
        self.limiter = limiter if limiter is not None else SlidingWindowLimiter()
        self.timeout = timeout
        self.max_retries = max(0, int(max_retries))
        self.backoff = max(0.0, float(backoff))
        # Released by the limiter only when a connection is free, so a request never
        # waits in the connection pool after its turn (that would bunch arrivals up).
        self._slots = asyncio.Semaphore(max_connections)
        self._http = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(timeout),
            limits=httpx.Limits(
                max_connections=max_connections,
                max_keepalive_connections=max_connections,
                # Shorter than the usual 5 s server keep-alive: never reuse a connection
                # the server is about to close (that would turn into an Uncertain).
                keepalive_expiry=4.0,
            ),
            headers={"User-Agent": f"JianmiDesktop/{__version__}", "Accept": "*/*"},
            follow_redirects=False,
            verify=tls_context(endpoints),
        )

    # -- lifetime ----------------------------------------------------------------------

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> JianmiClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # -- requests ----------------------------------------------------------------------

    def _build(self, call: Call) -> tuple[httpx.Request, str]:
        """The POST request for ``call`` and its body as shown in logs (masked)."""
        url = self.endpoints.url_for(call.endpoint)
        if call.file is None:
            try:
                body = encode_form(call.params)
            except ValueError as exc:
                raise _check_failed(exc) from None
            request = self._http.build_request(
                "POST", url, content=body, headers={"Content-Type": FORM_CONTENT_TYPE}
            )
            shown = mask_text(body.decode("ascii"))
        else:
            filename, data, content_type = call.file
            fields = {str(k): str(v) for k, v in call.params.items() if v is not None}
            request = self._http.build_request(
                "POST", url, data=fields, files={"file": (filename, data, content_type)}
            )
            shown = mask_text(urlencode(fields)) + f" + file={filename!r} ({len(data)} bytes, {content_type})"
        return request, shown

    async def _transmit(self, call: Call) -> tuple[httpx.Response, str, float, str, str]:
        """One attempt: wait for a slot and the limiter, send, read the answer.

        Returns (response, text, elapsed_ms, url, shown body). httpx errors propagate.
        """
        request, shown = self._build(call)
        url = str(request.url)
        loop = asyncio.get_running_loop()
        async with self._slots:
            ticket = await self.limiter.acquire()
            mark_sent = getattr(self.limiter, "mark_sent", None)
            if mark_sent is not None and ticket is not None:
                # Count the request from its first byte on the wire, not from its release:
                # opening a connection in between must not squeeze the sliding second.
                async def trace(event: str, info: dict[str, Any]) -> None:
                    if event.endswith(".send_request_headers.started"):
                        mark_sent(ticket)

                request.extensions = {**request.extensions, "trace": trace}
            log.info("→ %s %s POST %s %s", call.endpoint, call.cmd, url, _short(_readable(call)))
            start = loop.time()
            try:
                response = await self._http.send(request)
            except httpx.HTTPError as exc:
                elapsed = (loop.time() - start) * 1000
                log.info("✗ %s %s after %.0f ms: %s", call.endpoint, call.cmd, elapsed,
                         mask_text(f"{type(exc).__name__}: {exc}"))
                raise
            elapsed = (loop.time() - start) * 1000
        text = _decode_answer(response)
        log.info("← %s %s HTTP %d in %.0f ms: %s", call.endpoint, call.cmd, response.status_code,
                 elapsed, _short(mask_text(text)))
        return response, text, elapsed, url, shown

    async def _attempt(self, call: Call) -> Answer:
        """One attempt of ``call``; raises _Retry for what may be tried again."""
        try:
            response, text, _elapsed, url, _shown = await self._transmit(call)
        except _NOT_SENT_RETRY as exc:
            zh, en = _describe_transport(exc)
            raise _Retry(zh, en) from exc
        except _NOT_SENT_FINAL as exc:
            zh, en = _describe_transport(exc)
            raise NotSent(zh + "请求没有发出。", en + " The request was not sent.") from exc
        except (httpx.HTTPError, OSError) as exc:
            zh, en = _describe_transport(exc)
            raise _uncertain(zh, en) from exc

        status = response.status_code
        if status in RETRY_STATUSES:
            raise _Retry(f"平台服务器暂时出错（HTTP {status}），请求没有被执行。",
                         f"The platform's server failed (HTTP {status}); the request was not carried out.")
        if status == 429:
            raise _Retry("服务器说请求太多（HTTP 429），请求没有被执行。",
                         "The server said too many requests (HTTP 429); the request was not carried out.",
                         slow=True)
        if status in UNCERTAIN_STATUSES:
            raise _uncertain(f"网关等待平台回答超时（HTTP {status}）。",
                             f"A gateway timed out waiting for the platform (HTTP {status}).")
        if not 200 <= status < 300:
            raise _status_error(status, url, text, response)
        try:
            return call.parse(text)
        except PlatformRefusal as refusal:
            if refusal.code == _RATE_CODE:
                raise _Retry(refusal.zh, refusal.en, slow=True) from refusal
            raise

    def _pause(self, attempt: int) -> float:
        return float(min(self.backoff * (2 ** (attempt - 1)), MAX_BACKOFF))

    async def call(self, call: Call) -> Answer:
        """Send ``call`` and return its Answer (code 100).

        Retries ``105``, HTTP 500/502/503 and connections that never got through, at most
        ``max_retries`` times with a doubling back-off, then raises NotSent. Raises
        Uncertain (never retried), PlatformRefusal, AnswerFormatError, CheckFailed.
        """
        attempt = 0
        while True:
            attempt += 1
            try:
                return await self._attempt(call)
            except _Retry as retry:
                if retry.slow:
                    self.limiter.slow_down()
                if attempt > self.max_retries:
                    raise NotSent(
                        f"{retry.zh}已经试了 {attempt} 次，仍然不行，请求没有发出。请稍后再试。",
                        f"{retry.en} Tried {attempt} times without success; the request was not sent. "
                        "Try again later.",
                    ) from retry.__cause__
                pause = self._pause(attempt)
                log.warning("%s %s: attempt %d not carried out (%s); retrying in %.2f s",
                            call.endpoint, call.cmd, attempt, retry.en, pause)
                await asyncio.sleep(pause)

    async def call_raw(self, call: Call) -> Exchange:
        """One attempt, no retry, no exception for codes or transport failures (API console).

        A transport failure gives an Exchange with status 0 and the reason as its text.
        """
        loop = asyncio.get_running_loop()
        url = self.endpoints.url_for(call.endpoint)
        start = loop.time()
        try:
            response, text, elapsed, url, shown = await self._transmit(call)
        except CheckFailed as exc:
            return Exchange("POST", url, "", 0, f"{exc.zh}\n{exc.en}", 0.0)
        except (httpx.HTTPError, httpx.InvalidURL, OSError) as exc:
            zh, en = _describe_transport(exc)
            if isinstance(exc, _NOT_SENT_RETRY + _NOT_SENT_FINAL):
                zh, en = zh + "请求没有发出。", en + " The request was not sent."
            else:
                err = _uncertain(zh, en)
                zh, en = err.zh, err.en
            try:
                shown = self._build(call)[1]
            except (JianmiError, httpx.InvalidURL):
                shown = ""
            return Exchange("POST", url, shown, 0, f"{zh}\n{en}", (loop.time() - start) * 1000)
        if response.status_code == 200:
            try:
                call.parse(text)
            except PlatformRefusal as refusal:
                if refusal.code == _RATE_CODE:
                    self.limiter.slow_down()
            except Exception:  # the console shows whatever came back
                pass
        return Exchange("POST", url, shown, response.status_code, mask_text(text), elapsed)

    # -- shortcuts -----------------------------------------------------------------------

    @staticmethod
    def _built(builder: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``builder(*args, **kwargs)``; its ValueError (bad input) becomes CheckFailed."""
        try:
            return builder(*args, **kwargs)
        except ValueError as exc:
            raise _check_failed(exc) from None

    def _sdk_auth(self) -> tuple[str, str]:
        return self.account.uid, self.account.password_md5

    def _capi_auth(self) -> tuple[str, str, str]:
        a = self.account
        return a.clientapi_uid, a.clientapi_psw, a.apikey

    async def getnum(self) -> Balance:
        answer = await self.call(self._built(sdk.getnum, *self._sdk_auth()))
        if answer.balance is None:
            raise AnswerFormatError(answer.raw)
        return answer.balance

    async def modifpsw(self, new_password: str) -> Answer:
        """Change the password; on success the account uses the new one from now on."""
        old = self.account.password_md5
        try:
            answer = await self.call(self._built(sdk.modifpsw, *self._sdk_auth(), new_password))
        except Uncertain as exc:
            raise Uncertain(
                exc.zh + "密码可能已经改成新密码了：如果用旧密码登录失败，请改用新密码。",
                exc.en + " The password may already be the new one: if the old one fails, use the new one.",
            ) from exc
        new_md5 = md5_hex(new_password)
        account = self.account
        account.password_md5 = new_md5
        # A ClientApi password given separately for the same account changes with it.
        if (account.clientapi_password_md5 == old
                and (account.ucuid is None or account.ucuid == account.uid)):
            account.clientapi_password_md5 = new_md5
        return answer

    async def send_sms(self, mobiles: Any, msg: str, msgid: str, subid: str = "") -> Answer:
        return await self.call(self._built(sdk.send, *self._sdk_auth(), mobiles, msg, msgid, subid))

    async def send_intl(self, mobiles: Any, msg: str, msgid: str, sendtime: str | None = None) -> Answer:
        return await self.call(self._built(intl.send_intl_sms, *self._sdk_auth(), mobiles, msg, msgid, sendtime))

    async def upload_voice(self, filename: str, data: bytes) -> str:
        """Upload an mp3; returns the file serial used as ``filename`` by voice sends."""
        answer = await self.call(self._built(sdk.uploadvoicefile, *self._sdk_auth(), filename, data))
        if not answer.serial:
            raise AnswerFormatError(answer.raw)
        return answer.serial

    async def send_voice(
        self,
        mobiles: Any,
        msgid: str,
        *,
        msg: str | None = None,
        filename: str | None = None,
        senddate: str | None = None,
        sendtime: str | None = None,
        vote: bool = False,
    ) -> Answer:
        return await self.call(self._built(sdk.sendvoice,
            *self._sdk_auth(), mobiles, msgid, msg=msg, filename=filename,
            senddate=senddate, sendtime=sendtime, vote=vote,
        ))

    async def send_voice_call(
        self,
        mobiles: Any,
        msgid: str,
        *,
        msg: str | None = None,
        filename: str | None = None,
        daycheck: int = 0,
        timecheck: int = 1,
        speed: int = 60,
        batchnum: str = "",
        call_type: int = 1,
    ) -> Answer:
        return await self.call(self._built(sdk.sendvoicecall,
            *self._sdk_auth(), mobiles, msgid, msg=msg, filename=filename, daycheck=daycheck,
            timecheck=timecheck, call_type=call_type, speed=speed, batchnum=batchnum,
        ))

    async def add_content(self, xml: str) -> str:
        """Store MMS content; returns its taskId."""
        answer = await self.call(self._built(clientapi.add_content, *self._capi_auth(), xml))
        if not answer.task_id:
            raise AnswerFormatError(answer.raw)
        return answer.task_id

    async def mms_send(self, mobiles: Any, task_id: str) -> Answer:
        return await self.call(self._built(clientapi.mms_send, *self._capi_auth(), mobiles, task_id))

    async def set_status_url(self, url: str) -> Answer:
        return await self.call(self._built(clientapi.set_status_url, *self._capi_auth(), url))

