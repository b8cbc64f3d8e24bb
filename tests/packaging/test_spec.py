"""build_installer.spec: its version comes from pyproject.toml, and the big unused Qt parts stay out."""

from __future__ import annotations

import ast
import sys
from typing import Any

import pytest

import countyadmin
from tests.packaging.conftest import ROOT, SPEC

BIG_QT_MODULES = [
    "QtQml", "QtQuick", "QtQuickWidgets", "QtWebEngineCore", "QtWebEngineWidgets", "Qt3DCore", "Qt3DRender",
    "QtMultimedia", "QtCharts", "QtDataVisualization", "QtPdf", "QtBluetooth", "QtPositioning", "QtSensors",
    "QtSerialPort", "QtTest", "QtOpenGL", "QtDesigner", "QtHelp", "QtNetwork",
]  # fmt: skip


def test_the_version_is_read_from_pyproject(spec_namespace: dict[str, Any]) -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert "tomllib" in text and "pyproject.toml" in text
    assert spec_namespace["project_version"]() == countyadmin.__version__
    assert spec_namespace["VERSION"] == countyadmin.__version__


@pytest.mark.parametrize("module", BIG_QT_MODULES)
def test_big_qt_modules_are_excluded(spec_namespace: dict[str, Any], module: str) -> None:
    assert f"PySide6.{module}" in spec_namespace["EXCLUDES"]


def test_the_qt_modules_the_app_uses_are_not_excluded(spec_namespace: dict[str, Any]) -> None:
    used = {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtSvg"}
    assert not used & set(spec_namespace["EXCLUDES"])


@pytest.mark.parametrize(
    "module", ["pytest", "_pytest", "pytestqt", "hypothesis", "schemathesis", "faker", "mypy", "numpy"]
)
def test_test_and_development_tools_stay_out(spec_namespace: dict[str, Any], module: str) -> None:
    assert module in spec_namespace["EXCLUDES"]


def test_what_the_app_calls_in_a_trimmed_library_stays(spec_namespace: dict[str, Any]) -> None:
    excludes = set(spec_namespace["EXCLUDES"])
    # Name matching calls rapidfuzz.fuzz (its C++ scorers); only the metrics and process.extract go.
    assert {"rapidfuzz.distance.metrics_cpp", "rapidfuzz.process_cpp_impl"} <= excludes
    assert not {"rapidfuzz", "rapidfuzz.fuzz", "rapidfuzz.fuzz_cpp", "rapidfuzz.utils_cpp"} & excludes
    # email_validator stays; only its DNS half (deliverability, never asked for) goes.
    assert "dns" in excludes and "email_validator" not in excludes
    assert not {"uvicorn", "h11", "fastapi", "pydantic", "sqlalchemy.dialects.mssql"} & excludes


def test_linux_builds_use_the_slim_icu_data() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert "a.binaries = with_slim_icu(linked_libraries_only(a.binaries))" in text
    assert 'ROOT / "installer" / "slim_icu.py"' in text


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/plugins/platforms/qwindows.dll", True),
        ("PySide6/plugins/platforms/qdirect2d.dll", False),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/plugins/imageformats/qico.dll", True),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/lib/libQt6Network.so.6", False),
        ("libQt6Network.so.6", False),  # PyInstaller's link at the top of the bundle
        ("PySide6/Qt6Network.dll", False),
        ("PySide6/opengl32sw.dll", False),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
        ("PySide6/Qt/lib/libQt6Svg.so.6", True),
        ("PySide6/Qt/lib/libicudata.so.73", True),
        ("psycopg2_binary.libs/libpq-a17e3caa.so.5.17", True),
        ("PySide6/Qt/plugins/platforms/libqminimal.so", False),
        ("PySide6/plugins/platforms/qminimal.dll", False),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", True),
        ("PySide6/Qt/plugins/wayland-shell-integration/libivi-shell.so", False),
        ("PySide6/Qt/plugins/wayland-shell-integration/libwl-shell-plugin.so", False),
        ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
        ("PySide6/Qt/lib/libQt6EglFsKmsSupport.so.6", False),
        ("libQt6EglFsKmsSupport.so.6", False),
        ("libfontconfig.so.1", False),  # the desktop's own, matching its /etc/fonts
        ("libfreetype.so.6", False),
        ("libglib-2.0.so.0", True),
        ("resources/icons/countyadmin.svg", True),
    ],
)
def test_file_filter(spec_namespace: dict[str, Any], dest: str, kept: bool) -> None:
    assert spec_namespace["keep"]((dest, "/src/" + dest, "BINARY")) is kept


def test_spec_bundles_resources_icon_and_version_info() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert '"resources"' in text  # resources/ keeps its layout under the bundle (countyadmin.resources)
    assert "countyadmin.ico" in text and (ROOT / "resources" / "app" / "countyadmin.ico").is_file()
    assert "windows_version_info(VERSION)" in text
    for hidden in ("keyring.backends.Windows", "win32ctypes", "sqlalchemy.dialects.postgresql.psycopg2",
                   "sqlalchemy.dialects.mssql.pyodbc", "uvicorn", "countyadmin.selftest"):  # fmt: skip
        assert hidden in text, hidden
    assert "console=False" in text  # windowed


@pytest.mark.skipif(sys.platform != "win32", reason="PyInstaller's version-resource module is Windows-only")
def test_windows_version_info_builds() -> None:
    from PyInstaller.utils.win32 import versioninfo

    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    function = next(
        n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "windows_version_info"
    )
    namespace: dict[str, Any] = {"APP_NAME": "CountyAdmin"}
    exec(compile(ast.Module(body=[function], type_ignores=[]), "spec", "exec"), namespace)  # noqa: S102
    info = namespace["windows_version_info"]("1.2.3rc1")
    assert isinstance(info, versioninfo.VSVersionInfo)
    assert info.ffi.fileVersionMS == (1 << 16) | 2 and info.ffi.fileVersionLS == 3 << 16
    assert "ProductVersion" in str(info)  # renders as a version file would


def test_the_bundle_has_a_console_executable_for_it() -> None:
    # CountyAdminCLI (docs/deployment.md): console=True, in the same COLLECT as the windowed app, frozen
    # from the relay rather than from the app's Analysis (whose ~10 MB PYZ each executable would embed).
    text = SPEC.read_text(encoding="utf-8")
    assert 'CLI_NAME = f"{APP_NAME}CLI"' in text
    assert 'ROOT / "countyadmin" / "console_relay.py"' in text
    assert "console=True" in text and "name=CLI_NAME" in text
    assert "coll = COLLECT(exe, a.binaries, *console_parts, a.datas" in text
    assert "windows_version_info(VERSION, CLI_NAME)" in text  # its own OriginalFilename for signing/AppLocker


def test_the_relay_imports_only_what_its_executable_carries() -> None:
    # The relay's Analysis leaves out most of the standard library (RELAY_EXCLUDES); an import of
    # countyadmin, or of an excluded module, would fail only in the frozen relay.
    relay = ROOT / "countyadmin" / "console_relay.py"
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(ast.parse(relay.read_text(encoding="utf-8")))
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")])
    }
    assert imported <= {"__future__", "os", "subprocess", "sys"}, imported
