"""The questionnaire's pure rules (`rules`); its models, services, selectors, views and
admin are the `questionnaire` modules of those packages."""
