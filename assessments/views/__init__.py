"""Pages of the assessments app, one module per area: home, questionnaire, reports."""
