"""Providers → People Across Providers…: find a person at every provider, and what looks like one person
under two identities. Reads the local CPSE Portal copy (services/people.py) on a worker thread; a search
starts a moment after the clerk stops typing, or at once on Enter, and an answer to older text is dropped.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidgetItem, QWidget

from countyadmin.gui.announce import announce, announce_when_typing_pauses
from countyadmin.gui.context import PeopleLike, error_sentence
from countyadmin.gui.forms.ui_people_dialog import Ui_PeopleDialog
from countyadmin.gui.onboarding.people_model import PeopleTableModel
from countyadmin.gui.onboarding.sync_controller import as_of_text
from countyadmin.gui.table_models import attach_model
from countyadmin.gui.workers import run_in_background, tagged

DEBOUNCE_MS = 250
KEY_ROLE = Qt.ItemDataRole.UserRole


class PeopleDialog(QDialog):
    """Signals:
    searched(object): a PeopleSearch has been shown.
    identities_shown(object): an IdentityReport has been shown.
    """

    searched = Signal(object)
    identities_shown = Signal(object)

    def __init__(self, service: PeopleLike, parent: QWidget | None = None,
                 sync: QObject | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.ui = Ui_PeopleDialog()
        self.ui.setupUi(self)
        self.setObjectName("peopleDialog")
        self._service = service
        self._ticket = 0
        self._focus_table = False
        self.model = PeopleTableModel(parent=self)
        attach_model(self.ui.peopleTable, self.model)
        close = self.ui.peopleButtons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close People Across Providers")
        close.setAutoDefault(False)  # Enter in the search box searches; it never closes the window
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._connect_signals()
        if sync is not None and hasattr(sync, "copy_changed"):
            sync.copy_changed.connect(self.reload)

    def _connect_signals(self) -> None:
        self.ui.peopleSearchEdit.textChanged.connect(lambda _text: self._debounce.start())
        self.ui.peopleSearchEdit.returnPressed.connect(self._search_now)
        self._debounce.timeout.connect(self.search)
        self.ui.identityList.itemActivated.connect(self._search_finding)
        self.ui.peopleButtons.rejected.connect(self.reject)

    # -- public -----------------------------------------------------------------------------------------

    def reload(self) -> None:
        """The copy changed (a sync): search again and check the identities again."""
        self.search()
        self.check_identities()

    def search(self) -> None:
        self._debounce.stop()
        self._ticket += 1
        run_in_background(tagged, self._ticket, self._service.search, self.ui.peopleSearchEdit.text(),
                          on_success=self._show_search)  # fmt: skip

    def check_identities(self) -> None:
        self.ui.identityMessage.setText("Checking for one person under two identities…")
        run_in_background(self._service.identities, on_success=self._show_identities,
                          on_failure=self._identities_failed)  # fmt: skip

    # -- handlers ---------------------------------------------------------------------------------------

    def _search_now(self) -> None:
        self._focus_table = True
        self.search()

    def _search_finding(self, item: QListWidgetItem) -> None:
        self.ui.peopleSearchEdit.setText(str(item.data(KEY_ROLE)))
        self._search_now()

    def _show_search(self, answer: tuple[int, Any]) -> None:
        ticket, result = answer
        if ticket != self._ticket:
            return  # an answer to text the clerk has typed past
        # An answer to typing is heard once the clerk pauses (not after every key, over the echo of the
        # letters); one asked for by Enter, or a failure, at once.
        typing = not self._focus_table
        if isinstance(result, Exception):
            self.model.set_rows(())
            self._say(error_sentence(result), urgent=True)
            return
        self.model.set_rows(result.people)
        self._show_as_of(result.as_of)
        if result.people:
            count = f"{len(result.people)} {'person' if len(result.people) == 1 else 'people'} found."
            self._say(f"{count} {result.note}".strip(), typing=typing)
        else:
            self._say(result.note, typing=typing)
        if self._focus_table and result.people:
            self.ui.peopleTable.setFocus(Qt.FocusReason.OtherFocusReason)
            self.ui.peopleTable.selectRow(0)
        self._focus_table = False
        self.searched.emit(result)

    def _show_identities(self, report: Any) -> None:
        box = self.ui.identityList
        box.clear()
        for finding in report.findings:
            item = QListWidgetItem(finding.sentence)
            item.setData(KEY_ROLE, finding.key)
            box.addItem(item)
        self._show_as_of(report.as_of)
        count = len(report.findings)
        sentence = ("Nothing looks like one person under two identities." if count == 0
                    else f"{count} to sort out: press Enter on one to see the people it names.")  # fmt: skip
        self.ui.identityMessage.setText(sentence)
        announce(self.ui.identityMessage, sentence)
        self.identities_shown.emit(report)

    def _identities_failed(self, error: Exception) -> None:
        self.ui.identityMessage.setText(error_sentence(error))
        announce(self.ui.identityMessage, error_sentence(error), urgent=True)

    def _show_as_of(self, as_of: Any) -> None:
        self.ui.peopleAsOfLabel.setText(as_of_text(as_of))

    def _say(self, text: str, *, typing: bool = False, urgent: bool = False) -> None:
        self.ui.peopleMessage.setText(text)
        if typing:
            announce_when_typing_pauses(self.ui.peopleMessage, text)
        else:
            announce(self.ui.peopleMessage, text, urgent=urgent)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.ui.identityList.count() == 0:
            self.check_identities()
            self.search()
