"""Data access: the one engine module (db), the typed models, migrations and typed queries."""
