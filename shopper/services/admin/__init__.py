"""Setting up and keeping a council: people, settings, the directory and standards."""
