"""The xlwings Lite scripts (``main.py``) and their ``requirements.txt``, shipped with the package."""
