"""Story sources, one module per source kind."""
