"""The warning under the profile when another county record has the same NPI or SED code.

One provider entered twice (or a mistyped identifier) otherwise shows only when a link fails; the
warning names the other record and offers to open it. Asked after the record is shown and after every
Apply (the database is read on a worker); an answer to an older question is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from countyadmin.domain.provider import ProviderSummary
from countyadmin.gui.colors import Tone, set_tone
from countyadmin.gui.context import ProviderServiceLike
from countyadmin.gui.forms.ui_provider_details_dialog import Ui_ProviderDetailsDialog
from countyadmin.gui.plain_text import literal_tooltip
from countyadmin.gui.workers import Tagged, run_in_background, tagged

NAME_LIMIT = 40  # a longer name is cut short in the sentence: an unbroken one would widen the window


def _shared(other: ProviderSummary, npi: str | None, sed_code: str | None) -> str:
    same = [label for label, mine, theirs in (("NPI", npi, other.npi), ("SED code", sed_code, other.sed_code))
            if mine and mine == theirs]  # fmt: skip
    return " and ".join(same) or "NPI or SED code"


def warning_text(others: Sequence[ProviderSummary], npi: str | None, sed_code: str | None) -> str:
    first = others[0]
    if len(others) == 1:
        return (
            f"Another county record has the same {_shared(first, npi, sed_code)}: "
            f"“{_short(first.name, NAME_LIMIT)}” "
            f"(#{first.id}). If both are one provider, keep one record; if a number is mistyped, correct "
            "it and click Apply."
        )
    named = ", ".join(f"“{_short(o.name, NAME_LIMIT)}” (#{o.id}, {_shared(o, npi, sed_code)})"
                      for o in others[:5])  # fmt: skip
    more = f" and {len(others) - 5} more" if len(others) > 5 else ""
    return (
        f"{len(others)} other county records have the same NPI or SED code: {named}{more}. If they are one "
        "provider, keep one record; if a number is mistyped, correct it and click Apply."
    )


class DuplicateWarning(QObject):
    """Drives ``duplicateWarning`` and ``openDuplicateButton``.

    Signals:
        shown(object): the other records now named (a list of ProviderSummary; empty: no warning).
        open_requested(int): the clerk asked to open this other county record.
    """

    shown = Signal(object)
    open_requested = Signal(int)

    def __init__(self, ui: Ui_ProviderDetailsDialog, providers: ProviderServiceLike, parent: QObject) -> None:
        super().__init__(parent)
        self.ui = ui
        self._providers = providers
        self._ticket = 0
        self.others: list[ProviderSummary] = []
        self._asked: tuple[str | None, str | None] = (None, None)
        set_tone(ui.duplicateWarning, Tone.WARNING)  # a caution, not an error
        self._show([], None, None)
        ui.openDuplicateButton.clicked.connect(self._open)

    def check(self, provider_id: int, npi: str | None, sed_code: str | None) -> None:
        """Look for other records with ``npi`` or ``sed_code`` (as saved, or as typed when refused)."""
        self._ticket += 1
        if not npi and not sed_code:
            self._show([], None, None)
            return
        self._asked = (npi, sed_code)
        run_in_background(tagged, self._ticket, self._providers.others_with_identifiers, provider_id,
                          npi=npi, sed_code=sed_code, on_success=self._on_answer)  # fmt: skip

    def _on_answer(self, answer: Tagged) -> None:
        ticket, others = answer
        if ticket != self._ticket:
            return
        self._show(others if isinstance(others, list) else [], *self._asked)  # a failed read: no warning

    def _show(self, others: list[ProviderSummary], npi: str | None, sed_code: str | None) -> None:
        self.others = others
        ui = self.ui
        ui.duplicateWarning.setVisible(bool(others))
        ui.openDuplicateButton.setVisible(bool(others))
        if others:
            ui.duplicateWarning.setText(warning_text(others, npi, sed_code))
            # Names cut short in the sentence are whole in its tooltip, as typed.
            ui.duplicateWarning.setToolTip(literal_tooltip("\n".join(f"#{o.id}: {o.name}" for o in others)))
            # "&" marks a mnemonic in a button's text: doubled, a name is shown as typed.
            ui.openDuplicateButton.setText(f"Open “{_short(others[0].name)}”".replace("&", "&&"))
            ui.openDuplicateButton.setAccessibleName(f"Open the other county record, {others[0].name}")
        else:
            ui.duplicateWarning.clear()
            ui.duplicateWarning.setToolTip("")
        self.shown.emit(others)

    def _open(self) -> None:
        if self.others:
            self.open_requested.emit(self.others[0].id)


def _short(name: str, limit: int = 40) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"
