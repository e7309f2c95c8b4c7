"""Label catalogues by area, merged into dashboard.i18n.TEXT: (Vietnamese, English) per key.

Each area owns one module, so work on one area never edits another's strings.
"""
