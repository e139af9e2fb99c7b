"""The shared core: identities, codes, masking, settings, records and the scan's words."""
