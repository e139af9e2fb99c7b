"""Recording at a sampling table: one scan, or one correction, and what the table shows."""
