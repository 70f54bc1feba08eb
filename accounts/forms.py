"""The sign-in pages' forms: GOV.UK fields and messages from ``accounts.messages``."""
from __future__ import annotations

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.core.validators import MaxLengthValidator

from accounts import messages
from config.forms import GovukForm, gds_helper


class SignInForm(AuthenticationForm):
    """Django's sign-in form; with django-axes' backend first, a locked-out username is refused
    before its password is tried, and every failure is counted."""

    error_messages = {**AuthenticationForm.error_messages, "invalid_login": messages.SIGN_IN_FAILED}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django sets the username's max_length after the field is made, so nothing enforces it;
        # an over-long name would reach django-axes' 255-character record and fail (issue 11).
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class CodeForm(GovukForm):
    code = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The 6-digit code from your authenticator app, or one of your backup codes.",
        error_messages={"required": messages.CODE_REQUIRED},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    def __init__(self, *args, wrong_message: str = messages.CODE_WRONG, help_text: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.wrong_message = wrong_message
        if help_text is not None:
            self.fields["code"].help_text = help_text
        self.helper = gds_helper(Field.text("code", field_width=10))

    def refuse(self) -> None:
        """The service said no: show it on the field, as GOV.UK error summaries expect."""
        self.add_error("code", self.wrong_message)


class PasswordChangeForm(DjangoPasswordChangeForm):
    """Django's form (so AUTH_PASSWORD_VALIDATORS apply: 12 characters or more, not common, not like
    the username or name), in GOV.UK words."""

    use_required_attribute = False
    error_messages = {
        "password_incorrect": messages.PASSWORD_CURRENT_WRONG,
        "password_mismatch": messages.PASSWORD_MISMATCH,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = (
            "At least 12 characters. Do not use a password you use anywhere else, a common password, "
            "or one that is like your name or username."
        )
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].help_text = ""
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        for name in ("old_password", "new_password1", "new_password2"):
            self.fields[name].widget.attrs.pop("autofocus", None)
        self.helper = gds_helper(
            Field.text("old_password", field_width=20),
            Field.text("new_password1", field_width=20),
            Field.text("new_password2", field_width=20),
        )


class SecondFactorResetForm(GovukForm):
    username = forms.ChoiceField(
        label="Member of staff", widget=forms.RadioSelect, error_messages={"required": messages.RESET_CHOOSE,
                                                                           "invalid_choice": messages.RESET_CHOOSE}
    )
    reason = forms.CharField(
        label="Why are you resetting it?",
        max_length=500,
        help_text="For example, they have a new phone. This is recorded.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": messages.RESET_REASON_REQUIRED},
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].choices = [
            (u.username, f"{u.get_full_name() or u.username} ({u.username})") for u in staff
        ]
        self.helper = gds_helper(Field.radios("username", legend_size=Size.SMALL), Field.textarea("reason"))
