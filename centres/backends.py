"""Sign-in backend that loads the user's job with the user (one query per request, not two)."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ObjectDoesNotExist


class StaffModelBackend(ModelBackend):
    """Django's model backend; ``get_user`` also fetches the membership every page header shows."""

    def get_user(self, user_id):
        user = (
            get_user_model()
            ._default_manager.select_related("membership__centre", "membership__agency")
            .filter(pk=user_id)
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        try:
            user._membership_cache = user.membership
        except ObjectDoesNotExist:
            user._membership_cache = None
        return user
