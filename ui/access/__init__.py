"""Log-in, lock and first-start dialogs, and pages behind a permission."""
