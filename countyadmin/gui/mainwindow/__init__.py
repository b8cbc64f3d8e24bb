"""The main window: the provider list, its search index, the match check over the list and About."""
