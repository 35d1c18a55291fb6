"""Forms for Channel cases, one module per stage of the process, as cases.views and cases.actions."""
