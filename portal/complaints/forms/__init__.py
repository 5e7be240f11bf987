"""The complaints forms, one module per side or journey."""
