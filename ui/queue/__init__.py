"""The queue's windows: triage desk, display, call panel, tickets page, slip, sound."""
