"""Pages of requirements and compliance notices: the provider's and the inspectorate's."""
