"""Requirements followed to compliance, and compliance notices (DOMAIN.md §12)."""
