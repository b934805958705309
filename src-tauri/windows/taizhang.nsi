; 台账通 Windows installer (x64), built offline by scripts/build-windows.sh with Debian's makensis:
;   makensis -DVERSION=0.1.0 -DSTAGE=<folder of the files> -DOUTFILE=<setup.exe> -DICON=<icon.ico> taizhang.nsi
; Per-user install without administrator rights into %LOCALAPPDATA%\Programs\台账通, Simplified
; Chinese, shortcuts named 台账通 in the Start menu and on the desktop, an uninstaller listed in
; 应用和功能 that keeps the clerk's data folder (%APPDATA%\cn.taizhang.app) unless asked.
; Silent use: setup.exe /S [/D=folder]; uninstall.exe /S [/DELETEDATA].

; A 64-bit installer for the 64-bit app (it also runs where Wine has no 32-bit support).
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"

!define PRODUCT "台账通"
!define IDENTIFIER "cn.taizhang.app"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${IDENTIFIER}"
; The WebView2 Runtime's client id (Microsoft, "Distribute your app and the WebView2 Runtime").
!define WEBVIEW2_CLIENT "Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "${PRODUCT} 安装程序"
VIAddVersionKey /LANG=2052 "LegalCopyright" "MIT License"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\taizhang-app.exe"
!define MUI_FINISHPAGE_RUN_TEXT "现在打开台账通"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

!define WEBVIEW2_MISSING "本机没有安装“Microsoft Edge WebView2 运行时”，台账通的窗口需要它才能显示。$\r$\n$\r$\nWindows 10 和 11 一般已经自带。如果没有：请在能上网的电脑上打开微软官网的“WebView2 下载”页面，下载“常青版独立安装程序 (x64)”，拷到本机运行安装（不需要管理员权限时会装在当前用户下），或请单位信息技术人员协助安装。装好后直接打开台账通即可，不必重新安装台账通。$\r$\n$\r$\n命令行工具 taizhang.exe 不需要 WebView2，现在就可以使用。"

; Sets $0 to the installed WebView2 Runtime's version, or "" when there is none: the per-machine
; keys (WOW6432Node on 64-bit Windows, where the runtime registers), then the per-user key. A
; version of 0.0.0.0 means a runtime that was removed.
Function WebView2Version
    StrCpy $0 ""
    ${ForEach} $1 1 3 + 1
        ${If} $0 == ""
            ${If} $1 == 1
                ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\${WEBVIEW2_CLIENT}" "pv"
            ${ElseIf} $1 == 2
                ReadRegStr $0 HKLM "SOFTWARE\${WEBVIEW2_CLIENT}" "pv"
            ${Else}
                ReadRegStr $0 HKCU "Software\${WEBVIEW2_CLIENT}" "pv"
            ${EndIf}
            ${If} $0 == "0.0.0.0"
                StrCpy $0 ""
            ${EndIf}
        ${EndIf}
    ${Next}
FunctionEnd

; The app's window is titled 台账通: its files cannot be replaced or removed while it runs.
!macro CloseAppFirst what
    FindWindow $0 "" "${PRODUCT}"
    ${If} $0 <> 0
        MessageBox MB_OKCANCEL|MB_ICONEXCLAMATION "台账通正在运行。请先关闭台账通的窗口，再点“确定”继续${what}。" /SD IDCANCEL IDOK +2
        Abort
    ${EndIf}
!macroend

Function .onInit
    !insertmacro CloseAppFirst "安装"
FunctionEnd

Section "${PRODUCT}" SectionMain
    SectionIn RO
    SetOutPath "$INSTDIR"
    File "${STAGE}/taizhang-app.exe"
    File "${STAGE}/WebView2Loader.dll"
    File "${STAGE}/taizhang.exe"
    SetOutPath "$INSTDIR\templates"
    File "${STAGE}/templates/*.*"
    SetOutPath "$INSTDIR"
    WriteUninstaller "$INSTDIR\uninstall.exe"

    CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\taizhang-app.exe" "" "$INSTDIR\taizhang-app.exe" 0
    CreateShortcut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\taizhang-app.exe" "" "$INSTDIR\taizhang-app.exe" 0

    WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PRODUCT}"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\taizhang-app.exe"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
    WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
    WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
    WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
    ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
    WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0

    Call WebView2Version
    ${If} $0 == ""
        DetailPrint "未检测到 Microsoft Edge WebView2 运行时。"
        MessageBox MB_OK|MB_ICONEXCLAMATION "${WEBVIEW2_MISSING}" /SD IDOK
    ${Else}
        DetailPrint "Microsoft Edge WebView2 运行时 $0"
    ${EndIf}
SectionEnd

; Removes exactly what the installer put there, never the folder's other content.
Section "un.${PRODUCT} 程序" SectionUninstallProgram
    SectionIn RO
    Delete "$INSTDIR\taizhang-app.exe"
    Delete "$INSTDIR\WebView2Loader.dll"
    Delete "$INSTDIR\taizhang.exe"
    RMDir /r "$INSTDIR\templates"
    Delete "$INSTDIR\uninstall.exe"
    RMDir "$INSTDIR"
    Delete "$SMPROGRAMS\${PRODUCT}.lnk"
    Delete "$DESKTOP\${PRODUCT}.lnk"
    DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd

; Off unless the clerk ticks it (or passes /DELETEDATA): the ledgers, their history and backups.
Section /o "un.同时删除台账数据和备份" SectionUninstallData
    RMDir /r "$APPDATA\${IDENTIFIER}"
    RMDir /r "$LOCALAPPDATA\${IDENTIFIER}"
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
    !insertmacro MUI_DESCRIPTION_TEXT ${SectionUninstallProgram} "删除台账通程序、示例台账和快捷方式。"
    !insertmacro MUI_DESCRIPTION_TEXT ${SectionUninstallData} "同时删除 $APPDATA\${IDENTIFIER} 中的台账数据库和全部备份，删除后无法找回。不勾选则保留，重新安装后可继续使用。"
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END

Function un.onInit
    !insertmacro CloseAppFirst "卸载"
    ${GetParameters} $R0
    ClearErrors
    ${GetOptions} $R0 "/DELETEDATA" $R1
    ${IfNot} ${Errors}
        SectionSetFlags ${SectionUninstallData} ${SF_SELECTED}
    ${EndIf}
FunctionEnd
