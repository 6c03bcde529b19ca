"""Errors shared by every layer. Each carries a plain Chinese message and an English one."""

from __future__ import annotations


class JianmiError(Exception):
    """Base of every error the program explains to a user."""

    def __init__(self, zh: str, en: str | None = None) -> None:
        super().__init__(zh)
        self.zh = zh
        self.en = en or zh

    def message(self, lang: str = "zh") -> str:
        return self.en if lang.startswith("en") else self.zh


class AnswerFormatError(JianmiError):
    """The platform answered something we cannot read (an HTML page, an empty body, ...)."""

    def __init__(self, raw: str, zh: str | None = None, en: str | None = None) -> None:
        shown = raw if len(raw) <= 200 else raw[:200] + "…"
        super().__init__(
            zh or f"平台返回了无法识别的内容：{shown!r}",
            en or f"The platform answered something unreadable: {shown!r}",
        )
        self.raw = raw


class PlatformRefusal(JianmiError):
    """The platform answered with a code other than 100 (and other than a retried 105)."""

    def __init__(self, code: int, raw: str = "") -> None:
        from jianmi_desktop.platform.codes import describe

        super().__init__(describe(code, "zh"), describe(code, "en"))
        self.code = code
        self.raw = raw


class NotSent(JianmiError):
    """The request was certainly not carried out (refused connection, retries used up)."""


class Uncertain(JianmiError):
    """The request left and no answer came back: it may or may not have been carried out."""


class CheckFailed(JianmiError):
    """A check before sending failed; ``problems`` lists each one in plain words."""

    def __init__(self, problems: list[str], problems_en: list[str] | None = None) -> None:
        super().__init__("\n".join(problems), "\n".join(problems_en or problems))
        self.problems = problems
