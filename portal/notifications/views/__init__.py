"""Pages of notifications: the provider's and the inspectorate's."""
