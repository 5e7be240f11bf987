"""Pages of next steps: the inspectorate's checklist and the provider's view of it."""
