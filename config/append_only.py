"""Rows that are history: written once, never changed or deleted. Implemented in ``audit``, the
lowest layer, so that the change log (``audit.LogEntry``) shares it (docs/audit.md)."""
from audit.append_only import APPEND_ONLY, AppendOnlyError, AppendOnlyModel, AppendOnlyQuerySet

__all__ = ["APPEND_ONLY", "AppendOnlyError", "AppendOnlyModel", "AppendOnlyQuerySet"]
