"""ui/*.ui is the single source of every layout: compiled forms are current and each one is used."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import countyadmin.gui
from countyadmin.gui.forms.build import compile_form, form_path, ui_files

UI_FILES = ui_files()


def test_there_are_forms() -> None:
    assert {f.stem for f in UI_FILES} >= {"main_window", "provider_details_dialog", "settings_dialog"}


@pytest.mark.parametrize("ui_file", UI_FILES, ids=lambda f: f.name)
def test_compiled_form_matches_its_ui_file(ui_file) -> None:  # noqa: ANN001
    compiled = form_path(ui_file)
    assert compiled.exists(), f"run: python -m countyadmin.gui.forms.build ({compiled.name} is missing)"
    assert compiled.read_text(encoding="utf-8") == compile_form(ui_file), (
        f"{compiled.name} is stale: run python -m countyadmin.gui.forms.build and commit it"
    )


def _controllers() -> dict[str, list[type]]:
    """Form class name -> the classes in countyadmin.gui whose __init__ calls its setupUi(self)."""
    found: dict[str, list[type]] = {}
    for info in pkgutil.walk_packages(countyadmin.gui.__path__, "countyadmin.gui."):
        if info.name.startswith("countyadmin.gui.forms") or info.ispkg:
            continue
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            try:
                source = inspect.getsource(cls.__dict__["__init__"])
            except (KeyError, OSError, TypeError):  # no __init__ of its own, or a generated one
                continue
            for name, value in vars(module).items():
                if name.startswith("Ui_") and f"{name}()" in source and ".setupUi(self)" in source:
                    found.setdefault(value.__name__, []).append(cls)
    return found


@pytest.mark.parametrize("ui_file", UI_FILES, ids=lambda f: f.name)
def test_each_form_has_a_controller(ui_file) -> None:  # noqa: ANN001
    module = importlib.import_module(f"countyadmin.gui.forms.ui_{ui_file.stem}")
    form_classes = [name for name in vars(module) if name.startswith("Ui_")]
    assert len(form_classes) == 1
    controllers = _controllers().get(form_classes[0], [])
    assert controllers, f"no controller class in countyadmin.gui uses {form_classes[0]} ({ui_file.name})"
    for controller in controllers:
        assert callable(getattr(controller, "_connect_signals", None)), controller
