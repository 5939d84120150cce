"""Importing from CSV, all or nothing: the telephone directory, reception points and past shops."""
