"""What the change log keeps of free-text fields: that they changed, never what they say.

Configured for every model registered with django-auditlog through ``AUDITLOG_MASK_TRACKING_FIELDS``
and ``AUDITLOG_MASK_CALLABLE`` (config/settings/base.py). Note text is sensitive information
(POLICY.md "Words", ¶17) and the change log is not behind the sharing gate, so it never holds it.
"""
from __future__ import annotations

CONCEALED = "(not kept in the change log)"


def conceal(value: str) -> str:
    """auditlog's ``mask_callable``: hide the whole value (auditlog's default keeps half of it in clear).

    "None" (auditlog's text for a missing value) and "" reveal nothing, so they are kept: a
    reader can still tell a value being set from a value being changed.
    """
    if value in ("", "None"):
        return value
    return CONCEALED
