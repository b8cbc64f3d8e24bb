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

{ Splits a PEP 440 version (what .ci/release_version.py lets through: 1.2.3, 1.2.3rc1, 1.2.3.post1,
  1.2.3.dev1) into its release numbers ('1.2.3') and the rest ('rc1', 'post1', 'dev1'; '' for a final). }
procedure SplitVersion(Version: String; var Release, Rest: String);
var
  I: Integer;
begin
  I := 1;
  while (I <= Length(Version)) and (((Version[I] >= '0') and (Version[I] <= '9')) or
    ((Version[I] = '.') and (I < Length(Version)) and (Version[I + 1] >= '0') and (Version[I + 1] <= '9'))) do
    I := I + 1;
  Release := Copy(Version, 1, I - 1);
  Rest := Lowercase(Copy(Version, I, Length(Version)));
  if (Rest <> '') and (Rest[1] = '.') then
    Rest := Copy(Rest, 2, Length(Rest));
end;

{ Where the rest of a version stands among those of the same release numbers, PEP 440's order:
  dev < a < b < rc < the final release < post. }
function SuffixRank(Rest: String): Integer;
begin
  if Rest = '' then Result := 4
  else if Copy(Rest, 1, 3) = 'dev' then Result := 0
  else if Copy(Rest, 1, 2) = 'rc' then Result := 3
  else if Copy(Rest, 1, 4) = 'post' then Result := 5
  else if Rest[1] = 'a' then Result := 1
  else if Rest[1] = 'b' then Result := 2
  else Result := 4;
end;

{ The number after a suffix's letters: 'rc12' -> 12. }
function SuffixNumber(Rest: String): Integer;
begin
  while (Rest <> '') and ((Rest[1] < '0') or (Rest[1] > '9')) do
    Rest := Copy(Rest, 2, Length(Rest));
  Result := LeadingNumber(Rest);
end;

{ Compares two versions: < 0, 0 or > 0 as A is older, equal or newer. Number by number (1.10 > 1.9,
  1.2 = 1.2.0), then PEP 440's suffixes (1.2.3rc1 < 1.2.3 < 1.2.3.post1): a release candidate installed
  over its final release is a downgrade, since the final may have changed the database after it. }
function CompareVersions(A, B: String): Integer;
var
  ReleaseA, ReleaseB, RestA, RestB, PartA, PartB: String;
  DotA, DotB: Integer;
begin
  SplitVersion(A, ReleaseA, RestA);
  SplitVersion(B, ReleaseB, RestB);
  Result := 0;
  while (Result = 0) and ((ReleaseA <> '') or (ReleaseB <> '')) do
  begin
    DotA := Pos('.', ReleaseA);
    DotB := Pos('.', ReleaseB);
    if DotA = 0 then begin PartA := ReleaseA; ReleaseA := ''; end
    else begin PartA := Copy(ReleaseA, 1, DotA - 1); ReleaseA := Copy(ReleaseA, DotA + 1, Length(ReleaseA)); end;
    if DotB = 0 then begin PartB := ReleaseB; ReleaseB := ''; end
    else begin PartB := Copy(ReleaseB, 1, DotB - 1); ReleaseB := Copy(ReleaseB, DotB + 1, Length(ReleaseB)); end;
    Result := LeadingNumber(PartA) - LeadingNumber(PartB);
  end;
  if Result = 0 then
    Result := SuffixRank(RestA) - SuffixRank(RestB);
  if Result = 0 then
    Result := SuffixNumber(RestA) - SuffixNumber(RestB);
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
