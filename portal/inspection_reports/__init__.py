"""Draft and final inspection reports, the provider's comments, the responses, publication."""
