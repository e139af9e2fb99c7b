"""Boxes, results, recalls and look-up keys in SQL."""
