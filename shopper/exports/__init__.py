"""Export writers: report data in, bytes out."""
