"""The Client Worksheet (seed 000, step 03): a project's seats and numbers. In progress: the model
and the seat writer are here; the page, import and export follow."""
