"""The roster, rounds and coverage in SQL."""
