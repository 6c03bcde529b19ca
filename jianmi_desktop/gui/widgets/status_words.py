"""Carrier and platform status codes in plain words (the 原因 of an undelivered message), shared
by the campaign report and the history table. The texts keep the translation context
"CampaignReport", where they were first written."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from jianmi_desktop.states import Kind


def explain_code(code: str | None, kind: str = Kind.SMS) -> str:
    """What a carrier's (or the platform's) status code means, in plain words — for the report
    and the history's 原因 column alike."""
    code = (code or "").strip()
    upper = code.upper()
    if not code:
        return QCoreApplication.translate("CampaignReport", "没有状态码：运营商只报告了没有送达，没有说明原因")
    if kind in (Kind.VOICE, Kind.VOICECALL) and code == "3":
        return QCoreApplication.translate("CampaignReport", "对方没有接听，或者电话打不通（关机、停机、忙线）")
    if kind == Kind.MMS and code == "3":
        return QCoreApplication.translate("CampaignReport", "彩信没有送达（对方手机不支持彩信、关机或停机）")
    known = {
        "UNDELIV": QCoreApplication.translate("CampaignReport", "无法送达（可能停机、关机或号码不存在）"),
        "EXPIRED": QCoreApplication.translate("CampaignReport", "超时未送达（对方长时间关机或不在服务区）"),
        "REJECTD": QCoreApplication.translate("CampaignReport", "被运营商拒绝（可能被当作骚扰短信拦截，或号码在运营商黑名单里）"),
        "DELETED": QCoreApplication.translate("CampaignReport", "短信被运营商删除（排队太久或被取消）"),
        "UNKNOWN": QCoreApplication.translate("CampaignReport", "状态未知：运营商没有说明原因"),
        "BLACK": QCoreApplication.translate("CampaignReport", "号码在黑名单里（对方投诉过或退订过）"),
        "BLACKLIST": QCoreApplication.translate("CampaignReport", "号码在黑名单里（对方投诉过或退订过）"),
    }
    if upper in known:
        return known[upper]
    prefix = upper.split(":", 1)[0] if ":" in upper else ""
    by_prefix = {
        "MK": QCoreApplication.translate("CampaignReport", "运营商内部错误码（常见原因：停机、空号、对方手机存储已满）"),
        "MN": QCoreApplication.translate("CampaignReport", "运营商网络错误码（常见原因：空号、停机、不在服务区）"),
        "MI": QCoreApplication.translate("CampaignReport", "短信中心内部错误码（运营商转发失败）"),
        "MB": QCoreApplication.translate("CampaignReport", "短信中心错误码（运营商内部排队或转发出错）"),
        "IB": QCoreApplication.translate("CampaignReport", "运营商网关错误码（网关之间转发失败）"),
        "IC": QCoreApplication.translate("CampaignReport", "运营商网关错误码（网关之间转发失败）"),
        "ID": QCoreApplication.translate("CampaignReport", "运营商网关错误码（网关拒绝或转发失败）"),
        "DB": QCoreApplication.translate("CampaignReport", "运营商网关错误码（号码路由出错）"),
        "CB": QCoreApplication.translate("CampaignReport", "运营商拦截（内容或号码被拦截）"),
    }
    if prefix in by_prefix:
        return by_prefix[prefix]
    return QCoreApplication.translate("CampaignReport", "运营商的其他代码（没有固定含义；经常出现时可咨询茧米客服）")
