"""Users, sign-in, roles and memberships."""
