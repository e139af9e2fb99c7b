"""The roster's pages: roster import, coverage, label sheets."""
