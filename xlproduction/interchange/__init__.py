"""Formats in and out of the production workbook: the budget exchange file (and, later, scripts, USS schedules,
tasks). Each format is translated to and from the model here, free of any spreadsheet engine; jobs read and write
the workbook."""
