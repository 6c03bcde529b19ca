"""Production mode: the status URL (voice and MMS status) is given to the platform from the public
callback — once, and again only when it changed; a refusal is a warning, not a failed start."""

from __future__ import annotations

import pytest

from jianmi_desktop.runtime import Runtime
from jianmi_desktop.sandbox import Sandbox, SandboxConfig
from jianmi_desktop.settings import Settings, load_settings


@pytest.fixture
async def sandbox():
    sb = Sandbox(SandboxConfig(rate=1000))
    await sb.start()
    calls: list[str] = []
    original = sb.commands._setstatusurl

    def counted(cmd, p):
        calls.append(p.get("statusUrl", ""))
        return original(cmd, p)

    sb.commands._setstatusurl = counted  # every setStatusUrl request that reached the command
    sb.calls = calls
    yield sb
    await sb.stop()


@pytest.fixture
def account(monkeypatch):
    monkeypatch.setenv("JIANMI_UID", "demo")
    monkeypatch.setenv("JIANMI_PASSWORD", "demo1234")
    monkeypatch.setenv("JIANMI_APIKEY", "demo-api-key")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    for name in ("JIANMI_SDK_URL", "JIANMI_CLIENTAPI_URL", "JIANMI_INTL_URL", "JIANMI_UCUID"):
        monkeypatch.delenv(name, raising=False)


def production(sb, callback: str) -> Settings:
    return Settings(mode="production", sdk_url=f"{sb.url}/sdk/SMS", clientapi_url=f"{sb.url}/ClientApi",
                    intl_url=f"{sb.url}/ClientApi", receiver_host="127.0.0.1", receiver_port=0,
                    public_callback=callback)


async def started(folder, settings) -> Runtime:
    rt = Runtime(folder, settings)
    await rt.start()
    return rt


async def test_set_once_then_only_when_it_changes(sandbox, account, tmp_path):
    settings = production(sandbox, "http://127.0.0.1:9")
    rt = await started(tmp_path, settings)
    try:
        token = settings.receiver_token
        assert token and rt.status.mode == "production"
        expected = f"http://127.0.0.1:9/{token}/status"
        assert sandbox.state.status_url == expected and sandbox.calls == [expected]
        assert rt.status.status_url == expected and rt.status.status_url_error is None
        assert settings.status_url_set == {f"demo@{sandbox.url}/sdk/SMS": expected}
        await rt.reload()  # the services restart: the URL did not change, no second call
        assert sandbox.calls == [expected]
    finally:
        await rt.stop()
    answered = sum(sandbox.state.counts.values())

    # the next start of the program reads the saved settings: still no second call
    again = await started(tmp_path, load_settings(tmp_path))
    try:
        assert sandbox.calls == [expected] and sandbox.state.status_url == expected
        assert sum(sandbox.state.counts.values()) == answered  # not one more request
    finally:
        await again.stop()

    # a changed public callback is given to the platform again (a trailing slash is dropped)
    changed = load_settings(tmp_path)
    changed.public_callback = "https://cb.example.com/"
    third = await started(tmp_path, changed)
    try:
        second = f"https://cb.example.com/{token}/status"
        assert sandbox.calls == [expected, second] and sandbox.state.status_url == second
    finally:
        await third.stop()


async def test_no_public_callback_no_call_and_a_refusal_is_only_a_warning(sandbox, account, tmp_path, monkeypatch):
    rt = await started(tmp_path, production(sandbox, ""))
    try:
        assert sandbox.calls == [] and rt.status.status_url is None and rt.status.status_url_error is None
    finally:
        await rt.stop()

    monkeypatch.setenv("JIANMI_PASSWORD", "wrong-password")
    settings = production(sandbox, "http://127.0.0.1:9")
    rt = await started(tmp_path, settings)
    try:
        error = rt.status.status_url_error  # shown in the window's status bar; the program runs on
        assert getattr(error, "code", None) == 102 and "密码" in error.zh and error.en != error.zh
        assert rt.client is not None and rt.receiver is not None
        assert sandbox.state.status_url is None and not settings.status_url_set
    finally:
        await rt.stop()
    # with the right password the next start tries again
    monkeypatch.setenv("JIANMI_PASSWORD", "demo1234")
    rt = await started(tmp_path, settings)
    try:
        assert sandbox.state.status_url == f"http://127.0.0.1:9/{settings.receiver_token}/status"
    finally:
        await rt.stop()
