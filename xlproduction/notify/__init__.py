"""Publishing a shoot day's call sheet and its changes: Slack, Microsoft Teams and email.

``content`` says what a call sheet publication says (from the call sheet model and the changes); ``slack``,
``teams`` and ``mail`` lay it out for each channel; ``webhook`` and ``smtp`` deliver it with timeouts and retries
(``delivery``); ``config`` finds the secrets (environment or a private per-user file, never the workbook); ``log``
remembers what was sent; ``publish`` puts one publication together. A domain package: it imports no workbook
engine, so the same code serves the command line and the ribbon.
"""
