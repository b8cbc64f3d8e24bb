"""Work-around for PySide6 6.12.0 on Python 3.11.

That release treats None, True and False as immortal (as they are from Python 3.12 on) and no longer
counts its references to them, yet still releases them: on Python 3.11 every call that returns None
(``setText``, ``processEvents``…) takes one reference from None, and after a few thousand calls the
interpreter aborts with "deallocating None". PySide6 6.11 does not do this. Until the project pins a
good version, CountyAdmin gives the three singletons a reserve of references so large that no session
can use it up; on Python 3.12+ they are immortal already and nothing is done.
"""

from __future__ import annotations

import ctypes
import sys

# A billion references: a clerk's session makes thousands of such calls, not billions.
_RESERVE = 1_000_000_000
_applied = False


def needs_singleton_reserve() -> bool:
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    import PySide6

    return PySide6.__version__.startswith("6.12.")


def protect_singletons() -> None:
    """Give None, True and False the reserve of references (once per process, only where needed)."""
    global _applied
    if _applied or not needs_singleton_reserve():
        return
    for singleton in (None, True, False):
        # CPython 3.11: ob_refcnt is the first field of every object, and id() is its address.
        ctypes.c_ssize_t.from_address(id(singleton)).value += _RESERVE
    _applied = True
