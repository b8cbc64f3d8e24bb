"""A faster answer to the question PySide6 asks of every module imported after it.

PySide6 keeps, for each imported module, whether it may use ``from __feature__ import ...`` (snake_case,
true_property). To decide, its import hook calls ``inspect.getsource(module)`` and looks for "PySide6"
in the text; through linecache and tokenize that cost ~75 ms of a start-up that imports SQLAlchemy,
requests and the app (about 360 modules; docs/performance.md). Reading the file's bytes gives the same
answer in about a quarter of the time. CountyAdmin uses no feature, so a wrong answer could only matter to
a module that did; the answer is the same anyway, and ``tests/gui/test_import_check.py`` checks it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import ModuleType

log = logging.getLogger(__name__)

_FEATURE_MODULE = "shibokensupport.feature"
_CHECK = "_mod_uses_pyside"


def uses_pyside_fast(module: ModuleType, slow: Callable[[ModuleType], bool]) -> bool:
    """``"PySide6" in the module's source``, read as bytes; ``slow`` answers for anything else.

    In the frozen app (PyInstaller) a module's ``__file__`` names a ``.py`` that is not there: its code is
    in the bundle's archive, without source. PySide6's own check then finds no source either (through
    inspect, linecache and the loader's ``get_source``, which reads the same missing path) and answers
    False; saying so at once spares the first paint that detour for every module the app imports.
    """
    path = getattr(module, "__file__", None)
    if isinstance(path, str) and path.endswith(".py"):
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except FileNotFoundError:
            if getattr(sys, "frozen", False):
                return False
        except OSError:
            pass
    return slow(module)


def speed_up_pyside_import_check() -> bool:
    """Install the faster check once PySide6 is imported; return whether it was installed.

    Nothing changes (and False is returned) where this PySide6 has no such check, e.g. a later release.
    """
    feature = sys.modules.get(_FEATURE_MODULE)
    slow = getattr(feature, _CHECK, None)
    if feature is None or not callable(slow):
        log.debug("PySide6 has no %s.%s; nothing to speed up", _FEATURE_MODULE, _CHECK)
        return False
    if getattr(slow, "countyadmin_fast", False):
        return True

    def check(module: ModuleType) -> bool:
        return uses_pyside_fast(module, slow)

    check.countyadmin_fast = True  # type: ignore[attr-defined]
    setattr(feature, _CHECK, check)
    return True
