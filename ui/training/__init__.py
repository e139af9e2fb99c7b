"""Training mode's window parts: the band, drill strip and printable cards."""
