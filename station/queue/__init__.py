"""The queue: tickets, lanes, the calling policy, the display's board, forecasts, plans."""
