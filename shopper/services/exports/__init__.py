"""The evidence exports: the figures, shops and actions the XLSX, CSV and PDF are built from."""
