"""hubs stage."""
