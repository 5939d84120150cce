"""The invented demo council, its directory and people, and a year of its shops."""
