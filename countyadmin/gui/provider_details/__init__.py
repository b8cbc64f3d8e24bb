"""Provider Details: its tabs (profile, admin users, history), the NPI field, the CPSE Portal
match panel and the link and add-new confirmations."""
