"""Sessions: 30 minutes idle (renewed by activity), 12 hours absolute, sign out everywhere, password change."""
from __future__ import annotations

import html
import time

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts import messages
from accounts.services import LAST_SEEN, SIGNED_IN_AT
from accounts.validators import CONTEXT_WORD_USED

START = reverse("start")
NEW = "a quiet river at dawn"


def text(response) -> str:
    return html.unescape(response.content.decode())


def sessions_of(user) -> list[Session]:
    return [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)]


def shift(client: Client, **seconds_ago: float) -> None:
    """Move the session's clocks back, as if time had passed."""
    session = client.session
    for key, ago in seconds_ago.items():
        session[{"signed_in": SIGNED_IN_AT, "last_seen": LAST_SEEN}[key]] = time.time() - ago
    session.save()


def test_the_limits_are_settings():
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_ABSOLUTE_TIMEOUT == 12 * 60 * 60
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_TIMEOUT


def test_an_idle_session_ends_after_30_minutes(demo, client_for):
    client = client_for("hv.hana")
    shift(client, last_seen=settings.SESSION_IDLE_TIMEOUT + 1)
    response = client.get(START)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=%2F"
    page = client.get(response["Location"])
    assert messages.signed_out_idle() in text(page)
    assert "30 minutes" in messages.signed_out_idle()
    assert client.get(START).status_code == 302  # still signed out


def test_activity_renews_the_idle_limit(demo, client_for):
    client = client_for("hv.hana")
    shift(client, last_seen=settings.SESSION_IDLE_TIMEOUT - 60)
    assert client.get(START).status_code == 200
    assert time.time() - client.session[LAST_SEEN] < 5
    shift(client, last_seen=settings.SESSION_IDLE_TIMEOUT - 60)
    assert client.get(START).status_code == 200


def test_the_session_row_is_written_at_most_once_a_minute(demo, client_for):
    """A page a second must not write the session on every request; the idle limit still renews."""
    client = client_for("hv.hana")
    client.get(START)
    seen = client.session[LAST_SEEN]
    client.get(START)
    assert client.session[LAST_SEEN] == seen
    shift(client, last_seen=settings.SESSION_TOUCH_INTERVAL + 1)
    client.get(START)
    assert time.time() - client.session[LAST_SEEN] < 5


def test_a_session_ends_12_hours_after_sign_in_however_busy(demo, client_for):
    client = client_for("hv.hana")
    shift(client, signed_in=settings.SESSION_ABSOLUTE_TIMEOUT + 1, last_seen=1)
    response = client.get(START)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert messages.signed_out_absolute() in text(client.get(response["Location"]))
    assert "12 hours" in messages.signed_out_absolute()


def test_a_session_just_inside_both_limits_carries_on(demo, client_for):
    client = client_for("hv.hana")
    shift(client, signed_in=settings.SESSION_ABSOLUTE_TIMEOUT - 60, last_seen=settings.SESSION_IDLE_TIMEOUT - 60)
    assert client.get(START).status_code == 200


def test_stay_signed_in_renews_the_session(demo, client_for):
    client = client_for("hv.hana")
    shift(client, last_seen=settings.SESSION_IDLE_TIMEOUT - 30)
    assert client.get(reverse("accounts:session-renew")).status_code == 405
    response = client.post(reverse("accounts:session-renew"))
    assert response.status_code == 200
    assert response.json() == {"idle_seconds": settings.SESSION_IDLE_TIMEOUT}
    assert time.time() - client.session[LAST_SEEN] < 5


def test_signed_in_pages_carry_the_timeout_warning(demo, client_for):
    page = text(client_for("hv.hana").get(START))
    assert 'id="app-timeout-warning"' in page
    assert f'data-idle-seconds="{settings.SESSION_IDLE_TIMEOUT}"' in page
    assert "js/session-timeout.js" in page
    assert 'id="app-timeout-warning"' not in text(Client(HTTP_HOST="localhost").get(reverse("login")))


def test_sign_out_everywhere_ends_every_session(demo, user, client_for):
    hana = user("hv.hana")
    here, elsewhere = client_for("hv.hana"), client_for("hv.hana")
    other_person = client_for("mw.mary")
    assert len(sessions_of(hana)) == 2
    response = here.post(reverse("accounts:sign-out-everywhere"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert messages.SIGNED_OUT_EVERYWHERE in text(here.get(reverse("login")))
    assert sessions_of(hana) == []
    assert here.get(START).status_code == 302
    assert elsewhere.get(START).status_code == 302
    assert other_person.get(START).status_code == 200


def test_plain_sign_out_ends_only_this_session(demo, user, client_for):
    here, elsewhere = client_for("hv.hana"), client_for("hv.hana")
    here.post(reverse("logout"))
    assert here.get(START).status_code == 302
    assert elsewhere.get(START).status_code == 200


# --- Passwords ---------------------------------------------------------------------------------------


def test_new_passwords_need_12_characters_and_are_checked_against_common_and_guessable_ones(demo, user):
    hana = user("hv.hana")
    for weak in ("Summer2026", "sure-start-demo", "password1234", "hanahussain1", "123456789012"):
        try:
            validate_password(weak, user=hana)
        except ValidationError:
            continue
        raise AssertionError(f"{weak!r} was accepted")
    validate_password("correct horse battery staple", user=hana)
    try:
        validate_password("sure-start-demo", user=hana)
    except ValidationError as error:
        assert CONTEXT_WORD_USED in error.messages


def test_change_password_keeps_this_session_and_ends_the_others(demo, user, client_for):
    hana = user("hv.hana")
    here, elsewhere = client_for("hv.hana"), client_for("hv.hana")
    response = here.post(
        reverse("accounts:password-change"),
        {"old_password": "sure-start-demo", "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:account")
    assert messages.PASSWORD_CHANGED in text(here.get(reverse("accounts:account")))
    assert here.get(START).status_code == 200  # still signed in, still verified
    assert elsewhere.get(START).status_code == 302
    assert len(sessions_of(hana)) == 1
    hana.refresh_from_db()
    assert hana.check_password("a quiet river at dawn")


def test_change_password_refuses_a_weak_password_or_a_wrong_current_one(demo, user, client_for):
    client = client_for("hv.hana")
    url = reverse("accounts:password-change")
    weak = "Summer2026"
    response = client.post(url, {"old_password": "sure-start-demo", "new_password1": weak, "new_password2": weak})
    assert response.status_code == 200
    assert "at least 12 characters" in text(response)
    response = client.post(
        url, {"old_password": "not-it", "new_password1": NEW, "new_password2": NEW}
    )
    assert messages.PASSWORD_CURRENT_WRONG in text(response)
    response = client.post(
        url, {"old_password": "sure-start-demo", "new_password1": NEW, "new_password2": "a quiet river"}
    )
    assert messages.PASSWORD_MISMATCH in text(response)
    assert user("hv.hana").check_password("sure-start-demo")


def test_completing_the_second_factor_gives_a_new_session_key(demo, user):
    from tests.signin import totp_code, totp_device

    device = totp_device(user("hv.hana"))
    client = Client(HTTP_HOST="localhost")
    client.post(reverse("login"), {"username": "hv.hana", "password": "sure-start-demo"})
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("accounts:second-factor"), {"code": totp_code(device)})
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert before != after
    assert not Session.objects.filter(session_key=before).exists()
    assert client.get(START).status_code == 200


def test_an_administrator_ends_one_persons_sessions_or_everyones(demo, user, client_for):
    from django.core.management import call_command

    hana, mary = client_for("hv.hana"), client_for("mw.mary")
    call_command("end_sessions", "hv.hana")
    assert hana.get(START).status_code == 302
    assert mary.get(START).status_code == 200
    call_command("end_sessions", "--everyone")
    assert mary.get(START).status_code == 302
    assert not Session.objects.exists()


def test_passwords_of_64_characters_and_more_are_accepted(demo, user, client_for):
    long = "a long walk by the river on a quiet winter morning with the dog " * 2
    assert len(long) > 64
    response = client_for("hv.hana").post(
        reverse("accounts:password-change"),
        {"old_password": "sure-start-demo", "new_password1": long, "new_password2": long},
    )
    assert response.status_code == 302
    assert user("hv.hana").check_password(long)
