"""Composite pages: each one read model built from other domains' selectors, and its views."""
