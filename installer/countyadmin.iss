; CountyAdmin installer (Inno Setup 6): wraps the PyInstaller one-folder app dist\CountyAdmin.
;
;   python -m PyInstaller --noconfirm --clean build_installer.spec
;   ISCC /DAppVersion=0.1.0 /DAppFileVersion=0.1.0 installer\countyadmin.iss
;
; .github/workflows/windows-installer.yml does both and passes the package version. See docs/packaging.md.

#ifndef AppVersion
  #error Pass the version from the package: ISCC /DAppVersion=X.Y.Z installer\countyadmin.iss
#endif
#ifndef AppFileVersion
  ; Windows file versions are numbers only (1.2.3.4); a version like 0.2.0rc1 passes its numeric part.
  #define AppFileVersion AppVersion
#endif
#ifndef SourceDir
  #define SourceDir "..\dist\CountyAdmin"
#endif
#define AppName "CountyAdmin"
#define AppExe "CountyAdmin.exe"

[Setup]
; Never change the AppId: Windows knows the installed CountyAdmin by it, so that a new version's setup
; upgrades the existing installation in place (same folder, same shortcuts, one entry in Apps).
AppId={{C00C27F5-5563-40A8-B5C4-726160A76EC8}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=CountyAdmin
AppComments=CPSE Portal User Management for county Preschool (CPSE) offices
VersionInfoVersion={#AppFileVersion}
VersionInfoProductVersion={#AppFileVersion}
; Per user, no administrator rights: a county clerk installs it herself. {autopf} is then
; %LOCALAPPDATA%\Programs. IT may still install for all users with /ALLUSERS on the command line.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; An upgrade keeps the folder of the first installation.
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; A running CountyAdmin is closed (after asking) before its files are replaced.
CloseApplications=yes
RestartApplications=no
SetupIconFile=..\resources\app\countyadmin.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
OutputDir=..\dist\installer
OutputBaseFilename=CountyAdmin-{#AppVersion}-setup

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the program's own files wholesale, so no library or Qt plugin of an older build
; lingers next to the new ones. Only {app}\_internal: nothing of the clerk's is ever kept there.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "CPSE Portal User Management"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; Deliberately no [UninstallDelete] section: uninstalling removes only what setup installed in {app}.
; The clerk's database, settings.json and logs are not in {app} but in the user's own folders
; (%LOCALAPPDATA%\CountyAdmin\CountyAdmin, ...\Logs; platformdirs), the API key is in Windows Credential
; Manager and the window layout in HKCU\Software\CountyAdmin. They all stay, so that reinstalling or
; moving to a new version never loses a county's work. Removing them is the user's or IT's decision.
