"""Following up a message left: whether and when they called back, and how."""

from forms.call import StepForm, WhenStepForm
from forms.fields import DateField, TimeField, yes_no

CAME = [("yes", "Yes, they called back"), ("no", "No, they never called back")]


class CallbackForm(StepForm):
    callback = yes_no("Did they call you back?", "Select yes if they called you back",
                      choices=CAME)


class CallbackWhenForm(WhenStepForm):
    moment = "callback_at"
    date = DateField("Date", what="the callback")
    time = TimeField("Time", what="the callback")


class CallbackDetailsForm(StepForm):
    callback_withheld = yes_no(
        "Was their number withheld?", "Select yes if their number was withheld",
        description="A withheld number shows as “No caller ID”, “Private” or “Unknown”")
    callback_answering_machine = yes_no(
        "Did their call go to your answering machine or voicemail?",
        "Select yes if their call went to your answering machine or voicemail")
