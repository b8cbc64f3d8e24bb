"""Qt lives here only: the main window, dialogs, table models, workers and compiled forms."""
