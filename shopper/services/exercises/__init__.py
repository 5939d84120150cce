"""Exercises (SPEC 8): planning them, sampling their shops, and the assignments handed out."""
