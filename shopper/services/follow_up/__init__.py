"""Acting on results: actions and re-shops, disputes and the verification of shops."""
