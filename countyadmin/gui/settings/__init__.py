"""The Settings dialog and the checks it runs in the background."""
