"""Every write to training records, one module per part: each function checks the viewer
may make the change, writes it in one transaction and records the audit event."""
