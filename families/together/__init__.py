"""Working together around a child (issue 15, ¶23 "Systems"): who else is working with a child,
the common assessment (CAF / early help assessment), the lead professional and the team around
the family. Casework records about family members; every reveal of them goes through the gate
(``sharing.together``)."""
