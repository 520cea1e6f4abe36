"""Capability areas: the shared, bilingual vocabulary that offers and requests are tagged with."""
