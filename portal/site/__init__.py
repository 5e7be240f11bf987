"""Pages that belong to no capability: the start page, the health check, the accessibility
statement and the inspectorate's outbox. Part of the composition layer, above every capability."""
