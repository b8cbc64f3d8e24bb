"""Spreadsheets in and out: the county import, the invitation batch, the link status workbook and
the file dialogs they share."""
