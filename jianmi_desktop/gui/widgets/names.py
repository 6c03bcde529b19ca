"""What the window calls a campaign: its family and its number in that family ("短信 #3", "语音 #1",
"彩信 #2"), the same in every tab, dialog and export, so the first voice campaign is 语音 #1 however
many SMS went before. The number is the store's (migration 8); the command line keeps the
campaign's own id (``jianmi-desktop sms resume 17``), which the history shows in its details."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from jianmi_desktop.states import Kind, family

_FAMILY: dict[str, object] = {  # (QT_TRANSLATE_NOOP gives back its text, typed object)
    Kind.SMS: QT_TRANSLATE_NOOP("CampaignName", "短信 #{n}"),
    Kind.VOICE: QT_TRANSLATE_NOOP("CampaignName", "语音 #{n}"),
    Kind.MMS: QT_TRANSLATE_NOOP("CampaignName", "彩信 #{n}"),
}


def campaign_name(kind: str | None, number: int | None, campaign_id: int) -> str:
    """"短信 #3"; a campaign whose kind or number is not known yet is called by its id ("任务 #17")."""
    text = _FAMILY.get(family(kind)) if kind else None
    if text is None or number is None:
        return QCoreApplication.translate("CampaignName", "任务 #{id}").format(id=campaign_id)
    return QCoreApplication.translate("CampaignName", str(text)).format(n=number)

