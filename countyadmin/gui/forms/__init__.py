"""Python forms compiled from ui/*.ui by ``python -m countyadmin.gui.forms.build`` (never edit by hand)."""
