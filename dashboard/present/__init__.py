"""Presentations: decks of saved views, what a slide shows, QR codes and deck exports."""
