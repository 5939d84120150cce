"""Reviewing compliance: the tallies, the figures summed from them and the pages that show them."""
