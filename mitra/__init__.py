"""Mitra: the registry and delivery tracker of a health ministry's international cooperation."""
