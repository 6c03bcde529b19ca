"""Languages: the source strings are Chinese (the primary language); English comes from a .qm file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

I18N_DIR = Path(__file__).resolve().parent.parent / "i18n"
LANGUAGES = {"zh_CN": "中文", "en": "English"}

_installed: list[QTranslator] = []


def choose_language(setting: str) -> str:
    """The setting if made, else the system's: English for an English system, Chinese otherwise."""
    if setting in LANGUAGES:
        return setting
    return "en" if QLocale.system().name().startswith("en") else "zh_CN"


def install_translators(app: QApplication, setting: str) -> str:
    """Install the translators for the language; returns the language in force."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    language = choose_language(setting)
    QLocale.setDefault(QLocale(QLocale.Language.English if language == "en" else QLocale.Language.Chinese,
                               QLocale.Country.UnitedStates if language == "en" else QLocale.Country.China))
    qt_translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if language == "en":
        ours = QTranslator(app)
        if ours.load(str(I18N_DIR / "jianmi_en.qm")):
            app.installTranslator(ours)
            _installed.append(ours)
    else:
        qt_base = QTranslator(app)  # Qt's own dialog buttons in Chinese
        if qt_base.load("qtbase_zh_CN", qt_translations):
            app.installTranslator(qt_base)
            _installed.append(qt_base)
    return language


def english() -> bool:
    """Whether the window speaks English now (the default locale follows the language installed)."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.instance() is not None and QLocale().name().startswith("en")


def said(item) -> str:
    """The text of a finding, problem or error (they carry ``zh`` and ``en``) in the window's language."""
    en = getattr(item, "en", "")
    return en if en and english() else item.zh


def plain_message(exc: BaseException) -> str:
    """What to tell a user about an error."""
    from jianmi_desktop.platform.errors import JianmiError

    if isinstance(exc, JianmiError):
        return said(exc)
    from PySide6.QtCore import QCoreApplication

    if isinstance(exc, OSError):
        return QCoreApplication.translate("Controller", "系统错误：{reason}").format(reason=exc.strerror or exc)
    return QCoreApplication.translate("Controller", "程序内部错误：{error}（详情已写入日志）").format(
        error=f"{type(exc).__name__}: {exc}")
