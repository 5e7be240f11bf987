"""Annex A: keep it ready, return it on request as a validated spreadsheet or web form (R-AXA-1..5)."""
