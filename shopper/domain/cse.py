"""The Customer Service Excellence elements that shop items can evidence, with short titles."""

CSE_NUMBERING_NOTE = (
    "Numbering as in the Customer Service Excellence standard at the time Shopper shipped; "
    "check it against the standard in force."
)

# Titles are Shopper's own summaries, not the standard's wording.
CSE_ELEMENTS: tuple[tuple[str, str], ...] = (
    ("1.1.1", "Understanding customer groups"),
    ("1.1.2", "Insight into customers' needs and preferences"),
    ("1.1.3", "Reaching hard-to-reach and disadvantaged groups"),
    ("1.2.1", "A strategy for engaging customers"),
    ("1.2.2", "Consultation used to improve services"),
    ("1.2.3", "Reviewing how customers are engaged"),
    ("1.3.1", "Measuring customer satisfaction"),
    ("1.3.2", "Analysing and publishing satisfaction"),
    ("1.3.3", "Satisfaction questions on key areas of service"),
    ("1.3.4", "Targets to improve satisfaction"),
    ("2.1.1", "Leadership commitment to customers"),
    ("2.1.2", "Customer insight shaping policy and priorities"),
    ("2.1.3", "Policies that support excellent service for all"),
    ("2.1.4", "Treating all customers fairly"),
    ("2.1.5", "Staff empowered to promote customer focus"),
    ("2.1.6", "Protecting customers' privacy"),
    ("2.2.1", "Recruitment, training and development for customer focus"),
    ("2.2.2", "Polite, friendly staff who understand customers' needs"),
    ("2.2.3", "Customer focus in performance management"),
    ("2.2.4", "Front-line staff insight used in planning"),
    ("3.1.1", "Information about services and how to contact us"),
    ("3.1.2", "Telling customers about charges"),
    ("3.1.3", "Information in ways that meet customers' needs"),
    ("3.2.1", "Accurate, complete and timely information"),
    ("3.2.2", "Checking information was received and understood"),
    ("3.2.3", "Improving the range and quality of information"),
    ("3.3.1", "Services easy to reach through a range of channels"),
    ("3.3.2", "Evaluating how customers use each channel"),
    ("3.3.3", "Comfortable and accessible premises and receptions"),
    ("3.4.1", "Co-ordinated services with partners"),
    ("3.4.2", "Referring and signposting customers between providers"),
    ("3.4.3", "Supporting the wider community"),
    ("4.1.1", "Challenging standards for main services"),
    ("4.1.2", "Monitoring performance against standards"),
    ("4.2.1", "Agreeing with customers what to expect"),
    ("4.2.2", "Delivering the service promised"),
    ("4.2.3", "Meeting standards and showing the outcomes"),
    ("4.2.4", "Benchmarking against similar organisations"),
    ("4.3.1", "Explaining dips in performance and the action taken"),
    ("4.3.2", "An easy-to-use complaints procedure"),
    ("4.3.3", "Handling complaints fairly, with trained staff"),
    ("4.3.4", "Learning from complaints and mistakes"),
    ("5.1.1", "Standards for how quickly every kind of contact is answered"),
    ("5.1.2", "Standards for dealing fully with enquiries"),
    ("5.2.1", "Telling customers the standards for timeliness and quality"),
    ("5.2.2", "Identifying individual needs at first contact"),
    ("5.2.3", "Prompt response to first contact, and word of any delay"),
    ("5.2.4", "Dealing with enquiries at first contact, or referring them promptly"),
    ("5.3.1", "Monitoring timeliness and quality, and acting on problems"),
    ("5.3.2", "Meeting and publishing timeliness and quality standards"),
    ("5.3.3", "Timeliness and quality that compare well with others"),
)


def element_order(number: str) -> tuple:
    """Sorts element numbers as the standard orders them: 2.1.6 before 2.1.10."""
    return tuple((int(part) if part.isdigit() else -1, part) for part in number.split("."))


# The five criteria of the standard, by the number their elements start with.
CSE_CRITERIA: dict[int, str] = {
    1: "Customer Insight",
    2: "The Culture of the Organisation",
    3: "Information and Access",
    4: "Delivery",
    5: "Timeliness and Quality of Service",
}


def criterion_of(element: str) -> int | None:
    """The criterion an element number belongs to: 5 for 5.2.3; None if it names none."""
    head = element.split(".", 1)[0]
    return int(head) if head.isdigit() and int(head) in CSE_CRITERIA else None
