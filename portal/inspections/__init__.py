"""Inspections, judgements, the post-inspection timeline and deferrals."""
