"""The pages of Channel cases, one module per stage of the process, as cases.forms and
cases.actions. No views module imports another: what two stages share lives outside the
views (cases.tabs, cases.queries, cases.workflow)."""
