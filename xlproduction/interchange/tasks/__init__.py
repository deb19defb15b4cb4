"""Prep tasks: derived from the production with stable IDs (``derive``), exported as an Asana CSV (``asana``) and
as Trello cards through its REST API (``trello``)."""
