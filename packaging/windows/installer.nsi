; Jianmi Desktop (茧米桌面) — the Windows setup, compiled by makensis (Debian's nsis, or NSIS
; on a Windows runner) through packaging/windows/build_installer.py, which passes:
;   /DVERSION=0.1.0  /DVERSION4=0.1.0.0  /DSOURCE=<frozen folder>  /DOUTFILE=<setup.exe>
;   /DICON=<resources/icons/jianmi-desktop.ico>  /DEXE=jianmi-desktop.exe
;   /DWINDOW_EXE=jianmi-desktopw.exe  (the windowed twin the shortcuts open; EXE when there is none)
;
; Per user by default, without administrator rights: %LOCALAPPDATA%\Programs\JianmiDesktop,
; the Start-menu entry and the "Apps & features" entry under HKCU. IT staff install for every
; user with  setup.exe /ALLUSERS  (Program Files, HKLM; asks for administrator rights).
; The user's data (campaigns, settings, logs) lives in %LOCALAPPDATA%\jianmi-desktop, never in
; the program folder: an upgrade installs over the program folder and the uninstaller removes
; only the program folder, so the data survives both.

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
SetCompressorDictSize 64
RequestExecutionLevel user
ManifestDPIAware true

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"

!ifndef WINDOW_EXE
  !define WINDOW_EXE "${EXE}"
!endif
!define APPKEY "JianmiDesktop"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPKEY}"
!define PUBLISHER "Jianmi"

Name "茧米桌面"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPKEY}"
BrandingText "茧米桌面 ${VERSION}"
ShowInstDetails nevershow
ShowUninstDetails nevershow

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=0 "ProductName" "Jianmi Desktop"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "FileDescription" "Jianmi Desktop setup"
VIAddVersionKey /LANG=0 "LegalCopyright" "© 2026 ${PUBLISHER}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${WINDOW_EXE}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; the first language is the default: Chinese; English follows the system's language
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString RUNNING ${LANG_SIMPCHINESE} "茧米桌面正在运行。请先关闭它（包括系统托盘里的图标），再点“重试”。$\r$\n$\r$\n正在发送的任务不会丢失，下次打开会接着发送。"
LangString RUNNING ${LANG_ENGLISH} "Jianmi Desktop is running. Close it (also its icon in the system tray), then click Retry.$\r$\n$\r$\nA campaign being sent is not lost: it continues when the program opens again."
LangString NEEDADMIN ${LANG_SIMPCHINESE} "为所有用户安装需要管理员权限。请右键“以管理员身份运行”，或不加 /ALLUSERS 只为自己安装。"
LangString NEEDADMIN ${LANG_ENGLISH} "Installing for every user needs administrator rights. Run the setup as administrator, or leave out /ALLUSERS to install for yourself."
LangString SEC_MAIN ${LANG_SIMPCHINESE} "茧米桌面（必需）"
LangString SEC_MAIN ${LANG_ENGLISH} "Jianmi Desktop (required)"
LangString SEC_DESKTOP ${LANG_SIMPCHINESE} "桌面快捷方式"
LangString SEC_DESKTOP ${LANG_ENGLISH} "Desktop shortcut"

Var AllUsers

Function .onInit
  StrCpy $AllUsers 0
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/ALLUSERS" $1
  ${IfNot} ${Errors}
    UserInfo::GetAccountType
    Pop $1
    ${If} $1 != "Admin"
      MessageBox MB_ICONSTOP "$(NEEDADMIN)" /SD IDOK
      SetErrorLevel 740
      Quit
    ${EndIf}
    StrCpy $AllUsers 1
    SetShellVarContext all
    StrCpy $INSTDIR "$PROGRAMFILES64\${APPKEY}"
  ${EndIf}
  ; an earlier install: upgrade it in place
  ${If} $AllUsers == 1
    ReadRegStr $1 HKLM "${UNINSTKEY}" "InstallLocation"
  ${Else}
    ReadRegStr $1 HKCU "${UNINSTKEY}" "InstallLocation"
  ${EndIf}
  ${If} $1 != ""
    StrCpy $INSTDIR $1
  ${EndIf}
FunctionEnd

!macro WAIT_UNTIL_CLOSED_ONE FILE
  ${If} ${FileExists} "$INSTDIR\${FILE}"
    ClearErrors
    FileOpen $9 "$INSTDIR\${FILE}" a
    ${If} ${Errors}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(RUNNING)" /SD IDCANCEL IDRETRY retry
      SetErrorLevel 2
      Abort
    ${EndIf}
    FileClose $9
  ${EndIf}
!macroend

!macro WAIT_UNTIL_CLOSED
  ; Windows keeps a running program's file locked: while it cannot be opened for writing,
  ; the program runs (the window through its windowed twin, a command in a console through
  ; the console program). Ask to close it (a silent install gives up with exit code 2).
  retry:
  !insertmacro WAIT_UNTIL_CLOSED_ONE "${WINDOW_EXE}"
  !insertmacro WAIT_UNTIL_CLOSED_ONE "${EXE}"
!macroend

Section "$(SEC_MAIN)" SecMain
  SectionIn RO
  !insertmacro WAIT_UNTIL_CLOSED
  ; an upgrade replaces the program's own files only (the bundle is one folder)
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${SOURCE}\*.*"
  WriteUninstaller "$INSTDIR\Uninstall.exe"
  CreateShortcut "$SMPROGRAMS\茧米桌面.lnk" "$INSTDIR\${WINDOW_EXE}" "" "$INSTDIR\${WINDOW_EXE}" 0

  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  ${If} $AllUsers == 1
    StrCpy $8 "HKLM"
  ${Else}
    StrCpy $8 "HKCU"
  ${EndIf}
  ${If} $AllUsers == 1
    WriteRegStr HKLM "${UNINSTKEY}" "DisplayName" "茧米桌面 Jianmi Desktop"
    WriteRegStr HKLM "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\${WINDOW_EXE},0"
    WriteRegStr HKLM "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
    WriteRegStr HKLM "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
    WriteRegStr HKLM "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
    WriteRegStr HKLM "${UNINSTKEY}" "UninstallString" '"$INSTDIR\Uninstall.exe" /ALLUSERS'
    WriteRegStr HKLM "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S /ALLUSERS'
    WriteRegDWORD HKLM "${UNINSTKEY}" "EstimatedSize" $0
    WriteRegDWORD HKLM "${UNINSTKEY}" "NoModify" 1
    WriteRegDWORD HKLM "${UNINSTKEY}" "NoRepair" 1
  ${Else}
    WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "茧米桌面 Jianmi Desktop"
    WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\${WINDOW_EXE},0"
    WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
    WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
    WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
    WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
    WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
    WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" $0
    WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
    WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ${EndIf}
SectionEnd

Section "$(SEC_DESKTOP)" SecDesktop
  CreateShortcut "$DESKTOP\茧米桌面.lnk" "$INSTDIR\${WINDOW_EXE}" "" "$INSTDIR\${WINDOW_EXE}" 0
SectionEnd

Function un.onInit
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/ALLUSERS" $1
  ${IfNot} ${Errors}
    SetShellVarContext all
  ${EndIf}
FunctionEnd

Section "Uninstall"
  !insertmacro WAIT_UNTIL_CLOSED
  Delete "$SMPROGRAMS\茧米桌面.lnk"
  Delete "$DESKTOP\茧米桌面.lnk"
  ; the program folder only: the user's campaigns, settings and logs are in %LOCALAPPDATA%\jianmi-desktop
  RMDir /r "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKLM "${UNINSTKEY}"
SectionEnd
