"""The platform's result codes, with plain messages and what the client does."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Action(Enum):
    OK = "ok"                      # record as submitted
    FAIL = "fail"                  # record as failed, show the reason
    STOP_AUTH = "stop_auth"        # stop the whole job, ask for credentials
    BAD_NUMBER = "bad_number"      # nothing sent; the client should have validated
    STOP_CONTENT = "stop_content"  # stop the job, show the content problem
    RETRY = "retry"                # not carried out, safe to retry after a pause
    STOP_BALANCE = "stop_balance"  # stop the job, show the balance
    BUG = "bug"                    # missing parameters: a client bug, report it
    WEAK_PASSWORD = "weak_password"  # ask for a stronger password


@dataclass(frozen=True)
class CodeInfo:
    code: int
    zh: str
    en: str
    action: Action

    @property
    def stops_job(self) -> bool:
        return self.action in (Action.STOP_AUTH, Action.STOP_CONTENT, Action.STOP_BALANCE, Action.BUG)


CODES: dict[int, CodeInfo] = {
    100: CodeInfo(100, "成功", "Success", Action.OK),
    101: CodeInfo(101, "平台返回失败（101）", "The platform reported a failure (101)", Action.FAIL),
    102: CodeInfo(102, "账号或密码不对，平台拒绝了验证（102）。请在设置里检查账号和密码。",
                  "Authentication failed: the account or password is wrong (102). Check them in the settings.",
                  Action.STOP_AUTH),
    103: CodeInfo(103, "号码有错，这一批一条也没有发出（103）",
                  "A recipient number is wrong; nothing in the request was sent (103)", Action.BAD_NUMBER),
    104: CodeInfo(104, "内容有错：缺少签名【…】、含有敏感词或无法识别的字符（104）",
                  "The content was refused: missing 【signature】, a sensitive word or unreadable characters (104)",
                  Action.STOP_CONTENT),
    105: CodeInfo(105, "发送太快，平台每秒最多接受10次请求（105）",
                  "Too fast: the platform takes at most 10 requests a second (105)", Action.RETRY),
    106: CodeInfo(106, "余额不足，平台限制发送（106）。请先充值。",
                  "Not enough balance; the platform refused to send (106). Top up first.", Action.STOP_BALANCE),
    107: CodeInfo(107, "请求参数不全（107），这是本程序的错误，请报告给开发者。",
                  "Missing parameters (107): a bug in this program, please report it.", Action.BUG),
    108: CodeInfo(108, "新密码太简单（108）：请同时使用字母和数字，不要重复同一个字符。",
                  "The new password is too simple (108): mix letters and digits, do not repeat one character.",
                  Action.WEAK_PASSWORD),
}


def info(code: int) -> CodeInfo:
    """The code's entry; an unknown code is treated as a failure with its number shown."""
    known = CODES.get(code)
    if known is not None:
        return known
    return CodeInfo(code, f"平台返回了未知的代码 {code}", f"The platform answered an unknown code {code}", Action.FAIL)


def describe(code: int, lang: str = "zh") -> str:
    entry = info(code)
    return entry.en if lang.startswith("en") else entry.zh
