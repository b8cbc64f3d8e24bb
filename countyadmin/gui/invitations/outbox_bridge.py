"""The invitation outbox's background sender, and its news carried to the GUI thread as signals.

``OutboxSender`` is a plain thread that calls plain callables; widgets may only be touched on the GUI
thread, so its callbacks do nothing but emit a signal of this QObject. Qt queues the emission to the
receivers' thread (the GUI's), where open Provider Details windows refresh their invitations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6.QtCore import QCoreApplication, QObject, Signal

from countyadmin.domain.outbox import OutboxItem
from countyadmin.services.invitations import InvitationService
from countyadmin.services.invitations_outbox import PortalFactory as InvitationPortalFactory
from countyadmin.services.outbox_sender import DEFAULT_INTERVAL, OutboxSender
from countyadmin.services.unit_of_work import UnitOfWorkFactory


class OutboxBridge(QObject):
    """Runs the sender for ``service`` and re-emits what it reports.

    Signals:
        item_changed(object): an OutboxItem was queued, claimed, sent, queued again or refused — by the
            sender or by a "send now" of the same service.
        sender_error(str): a whole round of the sender failed (the database is unreachable, say); the
            sentence says the invitations are kept.
    """

    item_changed = Signal(object)
    sender_error = Signal(str)

    def __init__(self, service: InvitationService, *, interval: float = DEFAULT_INTERVAL) -> None:
        super().__init__()
        app = QCoreApplication.instance()
        if app is not None:
            # Built on the start-up worker; belong to the GUI thread like the windows that listen.
            self.moveToThread(app.thread())
        self.service = service
        # Not "sender": QObject.sender() is Qt's.
        self.outbox_sender = OutboxSender(service, interval=interval, on_item_changed=self._item_changed,
                                          on_error=self._error)  # fmt: skip

    def start(self) -> None:
        """Start delivering; the first round runs at once, so items queued before a restart go out."""
        self.outbox_sender.start()

    def stop(self) -> bool:
        """Stop the sender (at quit); True when its thread has finished."""
        return self.outbox_sender.stop()

    def stop_quietly(self) -> None:
        """``stop()`` for ``AppContext.closers``; a sender still in a call is left to its lease."""
        self.stop()

    def wake(self) -> None:
        self.outbox_sender.wake()

    # On the sender's thread (or a worker's): only emit, never touch a widget.
    def _item_changed(self, item: OutboxItem) -> None:
        self.item_changed.emit(item)

    def _error(self, message: str) -> None:
        self.sender_error.emit(message)


def start_invitations(
    uow_factory: UnitOfWorkFactory,
    portal_factory: Callable[[], object],
    *,
    user: str,
    closers: list[Callable[[], None]],
    interval: float = DEFAULT_INTERVAL,
) -> tuple[InvitationService, OutboxBridge]:
    """The invitation service and its running sender; stopping it is appended to ``closers``.

    ``portal_factory`` is the one ``AppContext.portal`` uses (``configured_portal``): its clients are
    ``PortalClient``s, which make invitations as well as links.
    """
    service = InvitationService(uow_factory, cast(InvitationPortalFactory, portal_factory), user=user)
    bridge = OutboxBridge(service, interval=interval)
    bridge.start()
    # Closers run newest first: the sender stops before the database engine it uses is disposed.
    closers.append(bridge.stop_quietly)
    return service, bridge
