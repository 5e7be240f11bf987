"""Regulation 44/45 reports (regulation 25/23 for residential family centres) and their due dates."""
