; Inno Setup script for OneStop Desktop on Windows: a per-user installer of the one-folder
; PyInstaller bundle (packaging/onestop.spec). See packaging/README.md.
;
; Build, on Windows, after the bundle (dist\OneStopDesktop\), from the repository root:
;   "%LOCALAPPDATA%\Programs\Inno Setup 6\ISCC.exe" packaging\windows\onestop.iss
; The installer is written to dist\installer\.
;
; Per user: no administrator rights, nothing written outside the user's own folders. The program
; goes to {userpf} (%LOCALAPPDATA%\Programs\OneStop Desktop).
;
; The office's data is NOT in the program folder: the desk database, its signing key, exports,
; backups, settings, logs and caches live in the user data, config, cache and log folders that
; platformdirs gives (%LOCALAPPDATA%\onestop-desktop\...). The uninstaller removes only what this
; script installed ({app}); it must never delete those folders, so there is deliberately no
; [UninstallDelete] entry for them. Uninstalling and installing again finds the office as it was.
;
; File type: sync files are plain .zip files (OS1-<agency>-S<desk>-<sequence>.zip, see
; docs/SYNC_FORMAT.md). Registering .zip would take every zip file on the PC away from Windows
; Explorer, and a clerk never opens a sync file by double-clicking it (the desk writes them, the
; upstream server reads them), so no file type is registered.
;
; Icon: resources/ has no icon yet; the program and the shortcuts use the executable's default.

#define AppName "OneStop Desktop"
#define AppVersion "0.1.0"
#define AppExeName "OneStopDesktop.exe"
#define BundleDir "..\..\dist\OneStopDesktop"

[Setup]
; A fixed AppId: upgrades replace the same installation. Never change it.
AppId={{6F1B7C2E-3D5A-4E8B-9C41-0A7D2E5F9B13}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=OneStop Desktop
DefaultDirName={userpf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist\installer
OutputBaseFilename=OneStopDesktop-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
; The program must be closed to be updated or removed (its database is open while it runs).
CloseApplications=yes

[Languages]
; Inno Setup ships no Vietnamese wizard (only an unofficial translation, Vietnamese.isl, on
; jrsoftware.org): the installer speaks English until that file is checked in beside this one.
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; The whole one-folder bundle: the program and its _internal folder (Python, Qt, resources, db
; migrations, translations .qm, holidays data). Nothing of the office's data is in it.
Source: "{#BundleDir}\{#AppExeName}"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BundleDir}\_internal\*"; DestDir: "{app}\_internal"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; Start menu (per user) and, if chosen, the desktop.
Name: "{userprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Tasks: desktopicon
; The demo office to practise on (main.py --demo): its own folder, never the real desk's data.
Name: "{userprograms}\{#AppName} - practice office"; Filename: "{app}\{#AppExeName}"; Parameters: "--demo"; WorkingDir: "{app}"

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the uninstaller removes the files above and nothing else, so the office's
; data in %LOCALAPPDATA%\onestop-desktop (database, key, backups, exports, logs) is kept.
