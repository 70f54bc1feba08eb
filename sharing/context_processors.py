from django.http import HttpRequest

from sharing.loading import viewer_for
from sharing.policy import capabilities as capabilities_of


def capabilities(request: HttpRequest) -> dict:
    """What the signed-in user may do, for navigation and buttons: templates never test a role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"capabilities": {}}
    return {"capabilities": capabilities_of(viewer_for(user))}
