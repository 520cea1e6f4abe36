"""Pages of the profiles app, one module per area."""
