"""Disputing a shop, deciding a dispute, verifying a shop."""

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, StopValidation

from forms.fields import AppForm, ChoiceRadioField, strip

OTHER = "other"
DISPUTE_REASONS = [
    ("wrong_number", "The shopper rang the wrong number"),
    ("line_not_ours", "The line is not ours"),
    ("approved_leave", "The officer was on approved leave"),
    (OTHER, "Another reason"),
]
UPHOLD, REJECT = "uphold", "reject"


class DisputeForm(AppForm):
    reason = ChoiceRadioField(
        "Why are you disputing this shop?", choices=DISPUTE_REASONS,
        invalid="Select one of the reasons, or another reason",
        validators=[InputRequired("Select why you are disputing this shop")])
    other_reason = TextAreaField(
        "If it is another reason, give it", widget=GovTextArea(), filters=[strip],
        validators=[Length(max=2000, message="Enter a reason of 2,000 characters or fewer")])
    submit = SubmitField("Send dispute", widget=GovSubmitInput())

    def validate_other_reason(self, field):
        if self.reason.data == OTHER and not field.data:
            raise StopValidation("Enter the reason you are disputing this shop")

    def reason_text(self) -> str:
        """The reason as it is kept and shown: the chosen reason's words, or the typed one."""
        if self.reason.data == OTHER:
            return self.other_reason.data
        return dict(DISPUTE_REASONS)[self.reason.data]


class DecisionForm(AppForm):
    decision = ChoiceRadioField(
        "What is your decision?",
        choices=[(UPHOLD, "Uphold it: exclude the shop from every figure"),
                 (REJECT, "Reject it: the shop keeps counting")],
        invalid="Select whether you uphold or reject the dispute",
        validators=[InputRequired("Select whether you uphold or reject the dispute")])
    reason = TextAreaField(
        "Reason for your decision", widget=GovTextArea(), filters=[strip],
        description="The team lead sees this with your decision.",
        validators=[DataRequired("Enter the reason for your decision"),
                    Length(max=2000, message="Enter a reason of 2,000 characters or fewer")])
    submit = SubmitField("Save decision", widget=GovSubmitInput())

    @property
    def upheld(self) -> bool:
        return self.decision.data == UPHOLD


class VerifyForm(AppForm):
    """Only a button: verifying changes a shop, so it is a POST with a CSRF token."""

    submit = SubmitField("Verify shop", widget=GovSubmitInput())
