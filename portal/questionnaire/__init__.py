"""The Programming Data Questionnaire (seed 002): a page per section, a check page, the PDF."""
