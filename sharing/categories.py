"""What is basic and what is sensitive, declared once (POLICY.md "Words", ¶15, ¶17)."""
from enum import StrEnum

from families.models import SensitiveTopic


class Category(StrEnum):
    BASIC = "basic"
    SENSITIVE = "sensitive"

    @property
    def label(self) -> str:
        return {"basic": "basic information", "sensitive": "sensitive information"}[self.value]


# ¶15: basic information is name, address, postcode and date of birth — nothing else.
BASIC_PERSON_FIELDS = ("first_name", "last_name", "date_of_birth", "due_date")
BASIC_FAMILY_FIELDS = ("address_line_1", "address_line_2", "town", "postcode")
# ¶17: anything more than basic is sensitive; in this product that is every note, by topic.
SENSITIVE_TOPICS = tuple(SensitiveTopic.values)
