"""The county-wide onboarding picture: the background sync of the local CPSE Portal copy (and, later,
the onboarding view and people search that read it)."""
