"""Learned parts of extraction: synthetic training pages, candidate features and the scorer."""
