"""Operators and roles: who may see and do what at the station, log-in, lock-out, the gate."""
