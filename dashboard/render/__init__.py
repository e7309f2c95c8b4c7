"""Static rendering without internet: maps, one-page briefs and deck exports (matplotlib)."""
