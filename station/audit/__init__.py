"""The tamper-evident audit trail: its port, the hash chain, signed checkpoints, search."""
