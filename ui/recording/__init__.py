"""The recorder's window, its correction dialogs, command card and personal slip."""
