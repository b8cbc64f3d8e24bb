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
; Per machine by default, into Program Files: AppLocker's default rules let programs run only from there
; and from Windows, and IT deploys to every desk. A clerk without administrator rights picks "Install for
; me only" in the first dialog and gets %LOCALAPPDATA%\Programs ({autopf} follows the mode). Silently:
; /ALLUSERS or /CURRENTUSER. A later run (an upgrade) keeps the mode the installed copy was installed in.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=commandline dialog
UsePreviousPrivileges=yes
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; An upgrade keeps the folder of the first installation.
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; What Qt 6 supports: Windows 10 1809 (build 17763) or later.
MinVersion=10.0.17763
; A running CountyAdmin is asked to close (Restart Manager: it closes its windows as at quit, and the
; invitation outbox finishes or hands back the invitation it is sending) before its files are replaced;
; never killed. Not restarted afterwards: a silent upgrade by IT should not open windows on a desk.
CloseApplications=yes
RestartApplications=no
#ifdef Sign
; Signs the setup and the uninstaller (a sign tool named "countyadmin", defined by ISCC's
; /Scountyadmin=... in .github/workflows/windows-installer.yml, which also signs CountyAdmin's .exe files).
SignTool=countyadmin
SignedUninstaller=yes
#endif
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

[CustomMessages]
; Said when InitializeSetup refuses a downgrade (below); %1 the installed version, %2 this setup's.
english.DowngradeRefused=CountyAdmin %1 is installed, which is newer than this setup's %2. An older CountyAdmin cannot open the newer database, so this setup stops. Install CountyAdmin %1 or newer instead, or uninstall CountyAdmin first.

[Code]
const
  { Where Windows keeps the installed copy's entry in Apps: the AppId (without the brace that escapes it
    in [Setup]) and "_is1", under HKLM for a per-machine install and HKCU for a per-user one. }
  UninstallKey = 'Software\Microsoft\Windows\CurrentVersion\Uninstall\{C00C27F5-5563-40A8-B5C4-726160A76EC8}_is1';

{ The leading number of Part (0 when it has none): '2rc1' -> 2. }
function LeadingNumber(Part: String): Integer;
var
  I: Integer;
begin
  I := 1;
  while (I <= Length(Part)) and (Part[I] >= '0') and (Part[I] <= '9') do
    I := I + 1;
  Result := StrToIntDef(Copy(Part, 1, I - 1), 0);
end;

{ Compares two versions number by number (1.10 > 1.9): < 0, 0 or > 0 as A is older, equal or newer. }
function CompareVersions(A, B: String): Integer;
var
  PartA, PartB: String;
  DotA, DotB: Integer;
begin
  Result := 0;
  while (Result = 0) and ((A <> '') or (B <> '')) do
  begin
    DotA := Pos('.', A);
    DotB := Pos('.', B);
    if DotA = 0 then begin PartA := A; A := ''; end
    else begin PartA := Copy(A, 1, DotA - 1); A := Copy(A, DotA + 1, Length(A)); end;
    if DotB = 0 then begin PartB := B; B := ''; end
    else begin PartB := Copy(B, 1, DotB - 1); B := Copy(B, DotB + 1, Length(B)); end;
    Result := LeadingNumber(PartA) - LeadingNumber(PartB);
  end;
end;

{ The version of the CountyAdmin already installed in Root ('' when none). }
function InstalledVersion(Root: Integer): String;
begin
  if not RegQueryStringValue(Root, UninstallKey, 'DisplayVersion', Result) then
    Result := '';
end;

{ Refuses to install over a newer CountyAdmin, for this user or for the machine: its database may already
  be upgraded past what this version knows. }
function InitializeSetup(): Boolean;
var
  Installed, Message: String;
begin
  Result := True;
  Installed := InstalledVersion(HKLM64);
  if (Installed = '') or (CompareVersions(InstalledVersion(HKCU), Installed) > 0) then
    Installed := InstalledVersion(HKCU);
  if (Installed <> '') and (CompareVersions(Installed, '{#AppVersion}') > 0) then
  begin
    Message := FmtMessage(CustomMessage('DowngradeRefused'), [Installed, '{#AppVersion}']);
    Log(Message);
    SuppressibleMsgBox(Message, mbCriticalError, MB_OK, IDOK);
    Result := False;
  end;
end;
