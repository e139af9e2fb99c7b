"""The audit trail in SQL."""
