"""summary stage."""
