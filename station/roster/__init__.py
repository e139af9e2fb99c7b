"""The community roster: residents, households, rounds, coverage, lists and reports."""
