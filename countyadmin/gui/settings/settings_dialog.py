"""Settings: where CPSE Portal, the NPI Registry and the database are, and the county's API key."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt, Signal, SignalInstance
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QWidget

from countyadmin.gui.announce import announce, describe_problem
from countyadmin.gui.colors import Tone, set_tone
from countyadmin.gui.context import ConnectionSettings, SettingsBackend, error_sentence
from countyadmin.gui.forms.ui_settings_dialog import Ui_SettingsDialog
from countyadmin.gui.message_boxes import reject_unless_typed
from countyadmin.gui.settings.policy_marks import mark_policy
from countyadmin.gui.workers import run_in_background
from countyadmin.secrets import KeyringUnavailable

log = logging.getLogger(__name__)


class SettingsDialog(QDialog):
    """Edits the connection settings; the API key goes to the keyring, never to a file.

    Signals:
        loaded(): the current settings are in the fields.
        saved(): Save stored the settings (and the key) and the dialog closed.
        portal_tested(str): the sentence shown after Test connection for CPSE Portal.
        registry_tested(str): the same for the NPI Registry.
    """

    loaded = Signal()
    saved = Signal()
    portal_tested = Signal(str)
    registry_tested = Signal(str)

    def __init__(self, backend: SettingsBackend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_SettingsDialog()
        self.ui.setupUi(self)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._backend = backend
        self._key_edited = False
        self._keyring_missing = False
        self._key_address = ""  # the portal address the shown key was saved for
        self._shown: tuple[str, str, str] | None = None  # the addresses as loaded (None: not yet)
        set_tone(self.ui.apiKeyMessage, Tone.PROBLEM)
        set_tone(self.ui.settingsMessage, Tone.PROBLEM)
        self._save_button().setEnabled(False)
        mark_policy(self.ui, {})
        self._connect_signals()
        run_in_background(self._read, on_success=self._on_loaded, on_failure=self._on_load_failed)

    def _read(self) -> tuple[ConnectionSettings, str | None, str | None]:
        # Pool thread: the keyring can block (it may ask the OS to unlock it).
        settings = self._backend.load()
        try:
            return settings, self._backend.read_api_key(settings.portal_url), None
        except KeyringUnavailable as error:
            return settings, None, error_sentence(error)

    def _save_button(self) -> QPushButton:
        return self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)

    def _connect_signals(self) -> None:
        self.ui.buttonBox.accepted.connect(self._save)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.apiKeyEdit.textEdited.connect(self._on_key_edited)
        self.ui.testPortalButton.clicked.connect(self._test_portal)
        self.ui.testRegistryButton.clicked.connect(self._test_registry)

    # -- loading and saving ---------------------------------------------------------------------------

    def _on_loaded(self, loaded: tuple[ConnectionSettings, str | None, str | None]) -> None:
        settings, api_key, keyring_problem = loaded
        self.ui.portalUrlEdit.setText(settings.portal_url)
        self.ui.registryUrlEdit.setText(settings.registry_url)
        self.ui.databaseUrlEdit.setText(settings.database_url)
        mark_policy(self.ui, settings.locked)
        self.ui.settingsMessage.setText(settings.notice)  # e.g. a policy file IT must fix
        if settings.notice:
            announce(self.ui.settingsMessage, settings.notice, urgent=True)
        self.ui.apiKeyEdit.setText(api_key or "")
        self._key_address = settings.portal_url
        self._shown = self._addresses()
        self._keyring_missing = keyring_problem is not None
        self._key_problem(keyring_problem or "")
        self._save_button().setEnabled(True)
        self.loaded.emit()

    def _on_load_failed(self, error: Exception) -> None:
        log.error("reading settings failed", exc_info=error)
        self._problem(f"The settings could not be read: {error_sentence(error)}")

    def _on_key_edited(self, _text: str) -> None:
        self._key_edited = True
        if not self._keyring_missing:
            self._key_problem("")

    def current_settings(self) -> ConnectionSettings:
        return ConnectionSettings(
            portal_url=self.ui.portalUrlEdit.text().strip(),
            registry_url=self.ui.registryUrlEdit.text().strip(),
            database_url=self.ui.databaseUrlEdit.text().strip(),
        )

    def _save(self) -> None:
        # An untouched key field means "keep the stored key"; an emptied one means "forget it".
        api_key = self.ui.apiKeyEdit.text().strip() if self._key_edited else None
        self._save_button().setEnabled(False)
        set_tone(self.ui.settingsMessage, None)
        self.ui.settingsMessage.setText("Saving…")
        run_in_background(
            self._backend.save,
            self.current_settings(),
            api_key,
            on_success=self._on_saved,
            on_failure=self._on_save_failed,
        )

    def _on_saved(self, _result: object) -> None:
        self.saved.emit()
        self.accept()

    def _on_save_failed(self, error: Exception) -> None:
        self._save_button().setEnabled(True)
        set_tone(self.ui.settingsMessage, Tone.PROBLEM)
        if isinstance(error, KeyringUnavailable):
            self._keyring_missing = True
            self._key_problem(error_sentence(error))
            self._problem("Not saved: the API key could not be stored (see above).")
        else:
            log.error("saving settings failed", exc_info=error)
            self._problem(f"Not saved: {error_sentence(error)}")

    def _problem(self, sentence: str) -> None:
        self.ui.settingsMessage.setText(sentence)
        announce(self.ui.settingsMessage, sentence, urgent=True)

    def _key_problem(self, sentence: str) -> None:
        """The key field's sentence is also its description, and heard."""
        self.ui.apiKeyMessage.setText(sentence)
        describe_problem(self.ui.apiKeyEdit, sentence)
        if sentence:
            announce(self.ui.apiKeyMessage, sentence, urgent=True)

    # -- closing --------------------------------------------------------------------------------------

    def _addresses(self) -> tuple[str, str, str]:
        return self.ui.portalUrlEdit.text(), self.ui.registryUrlEdit.text(), self.ui.databaseUrlEdit.text()

    def reject(self) -> None:
        # Esc, Cancel and the title bar's x come here: an address or key typed and not saved is not
        # dropped unasked (keeping it is the question's default).
        typed = self._shown is not None and (self._addresses() != self._shown or self._key_edited)
        text = "The settings you typed have not been saved. Close and lose them?"
        reject_unless_typed(self, typed=typed and self.isVisible(), text=text, reject=super().reject)

    # -- Test connection ------------------------------------------------------------------------------

    def _test_portal(self) -> None:
        url, key = self.ui.portalUrlEdit.text().strip(), self.ui.apiKeyEdit.text().strip()
        if not url or not key:
            self._show_result(
                self.ui.portalTestResult,
                "Enter the portal address and the county API key first.",
                ok=False,
                signal=self.portal_tested,
            )
            return
        if not self._key_edited and url != self._key_address:
            # The key shown was saved for another address: a changed (or mistyped) address must not get it.
            self._show_result(
                self.ui.portalTestResult,
                f"The saved API key belongs to {self._key_address}, so it was not sent to {url}. "
                "Enter the county API key for this address to test it.",
                ok=False,
                signal=self.portal_tested,
            )
            return
        self._start_test(self.ui.testPortalButton, self.ui.portalTestResult)
        run_in_background(
            self._backend.test_portal,
            url,
            key,
            on_success=self._on_portal_ok,
            on_failure=self._on_portal_failed,
        )

    def _test_registry(self) -> None:
        url = self.ui.registryUrlEdit.text().strip()
        if not url:
            self._show_result(
                self.ui.registryTestResult,
                "Enter the NPI Registry address first.",
                ok=False,
                signal=self.registry_tested,
            )
            return
        self._start_test(self.ui.testRegistryButton, self.ui.registryTestResult)
        run_in_background(
            self._backend.test_registry,
            url,
            on_success=self._on_registry_ok,
            on_failure=self._on_registry_failed,
        )

    def _start_test(self, button: QPushButton, result: QLabel) -> None:
        button.setEnabled(False)
        set_tone(result, None)
        result.setText("Testing…")

    def _on_portal_ok(self, sentence: str) -> None:
        self.ui.testPortalButton.setEnabled(True)
        self._show_result(self.ui.portalTestResult, sentence, ok=True, signal=self.portal_tested)

    def _on_portal_failed(self, error: Exception) -> None:
        self.ui.testPortalButton.setEnabled(True)
        self._show_result(
            self.ui.portalTestResult, error_sentence(error), ok=False, signal=self.portal_tested
        )

    def _on_registry_ok(self, sentence: str) -> None:
        self.ui.testRegistryButton.setEnabled(True)
        self._show_result(self.ui.registryTestResult, sentence, ok=True, signal=self.registry_tested)

    def _on_registry_failed(self, error: Exception) -> None:
        self.ui.testRegistryButton.setEnabled(True)
        self._show_result(
            self.ui.registryTestResult, error_sentence(error), ok=False, signal=self.registry_tested
        )

    def _show_result(self, label: QLabel, sentence: str, *, ok: bool, signal: SignalInstance) -> None:
        set_tone(label, Tone.OK if ok else Tone.PROBLEM)
        label.setText(sentence)
        announce(label, sentence, urgent=not ok)
        signal.emit(sentence)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._grow_to_fit()
        return handled

    def _grow_to_fit(self) -> None:
        # A dialog keeps the size it opened at; a result sentence of two lines or more (or a narrow window)
        # needs more height than the button's row had, or its first line is cut off.
        layout = self.layout()
        if layout is None or not layout.hasHeightForWidth():
            return
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)
