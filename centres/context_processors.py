from django.http import HttpRequest

from centres.selectors import membership_for


def staff_membership(request: HttpRequest) -> dict:
    """The header shows who is signed in, in which role and where (¶23: no shared accounts)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"membership": membership_for(user)}
