"""Notifications between inspections (DOMAIN.md §10, R-NTF-1..7)."""
