"""Qt lives here only: the main window, dialogs, table models, workers and compiled forms."""

from countyadmin.gui.compat import protect_singletons

protect_singletons()  # before any Qt call: see countyadmin.gui.compat
