"""The learning-city dashboard: domain model, data access, seed, maps and CLI."""
