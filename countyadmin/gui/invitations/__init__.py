"""Admin-user invitations: the Invite dialog, the invitations table and the bridge to the
background outbox."""
