"""A password validator for words anyone could guess about this service (ASVS 5.0 6.2.11)."""
from __future__ import annotations

import re

from django.core.exceptions import ValidationError

# The documented list of context-specific words (docs/security.md, V6.2.11): the service's own name,
# the words of its address and of the demo world. Compared without case, spaces or punctuation.
CONTEXT_WORDS = (
    "surestart",
    "childrenscentre",
    "childrencentre",
    "caserecords",
    "healthvisitor",
    "riverside",
    "hillview",
)

CONTEXT_WORD_USED = (
    "Your password must not contain the name of this service or of a children's centre. Choose a different password"
)


def _normalised(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


class ContextWordsValidator:
    def validate(self, password: str, user=None) -> None:
        flat = _normalised(password)
        if any(word in flat for word in CONTEXT_WORDS):
            raise ValidationError(CONTEXT_WORD_USED, code="password_context_word")

    def get_help_text(self) -> str:
        return "Your password must not contain the name of this service or of a children's centre."
