"""Next steps after an inadequate or serious-concern judgement, tracked with their dates (DOMAIN.md §16)."""
