"""The exit codes of ``countyadmin-cli`` / ``CountyAdminCLI.exe`` (and ``countyadmin db``), for IT's scripts.

docs/deployment.md lists them; a script reads them from ``%ERRORLEVEL%`` or ``$LASTEXITCODE``.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    SELF_TEST_FAILED = 1  # the self-test (alone or inside diagnostics) found something missing
    USAGE = 2  # unknown command or bad arguments (argparse's own code)
    DATABASE_URL_UNUSABLE = 3  # the URL cannot be parsed, or its driver is not in this installation
    DATABASE_UNREACHABLE = 4  # the server refused or did not answer (down, wrong host, login, rights)
    DATABASE_REFUSED = 5  # a newer CountyAdmin's database, or tables CountyAdmin did not create
    CANNOT_WRITE = 6  # the diagnostics zip could not be written where asked
    NO_GUI_EXECUTABLE = 7  # CountyAdminCLI.exe could not find or start CountyAdmin.exe beside it
    UNEXPECTED = 8  # the command stopped on an error it does not know (the text on stderr says which)
    INTERRUPTED = 130  # Ctrl+C
