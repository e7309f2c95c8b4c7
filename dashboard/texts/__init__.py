"""Label catalogues by area, merged into dashboard.i18n.TEXT: (Vietnamese, English) per key.

Each area owns one module, so work on one area never edits another's strings; common.py holds
the navigation and the words every page reuses, measures.py the units of measure in words.
"""
