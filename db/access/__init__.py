"""Operators in SQL."""
