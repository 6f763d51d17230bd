"""digest: newsletter digest builder."""
