"""Formal complaints about an inspection and informal concerns raised right after it."""
