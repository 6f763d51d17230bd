"""digest: collect the week's stories, rank them into an edition, send it once."""

__version__ = "0.1.0"
