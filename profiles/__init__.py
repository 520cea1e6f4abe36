"""Users, organisations, memberships, invitations and vetting."""
