"""Agreements are kept in the main UI; the area taxonomy's admin is mitra.taxonomy.admin."""
