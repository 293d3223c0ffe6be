"""Errors docground raises on purpose: one small hierarchy, each with a one-line message."""


class DocgroundError(Exception):
    """Base of every error docground raises deliberately."""


class InputError(DocgroundError):
    """The file or values given cannot be used (missing, corrupt, wrong type, too large...)."""


class PasswordError(InputError):
    """The PDF is encrypted and no (or a wrong) password was given."""
