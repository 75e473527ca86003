"""Moved to mitra.taxonomy.taxonomy_v1 (kept for the migration 0003 and intake until the merge)."""

from mitra.taxonomy.taxonomy_v1 import TAXONOMY

__all__ = ["TAXONOMY"]
