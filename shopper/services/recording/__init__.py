"""Recording a shop on a phone: the journeys' drafts and pages, the places shopped, the results."""
