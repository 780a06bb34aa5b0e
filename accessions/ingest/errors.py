"""The error every ingest step raises for a bad package: a message for the sender, and the file."""


class PackageError(Exception):
    """The package cannot be accepted; `message` is translated, `path` names the bad file (if one)."""

    def __init__(self, message: str, path: str = ""):
        super().__init__(message)
        self.message = message if isinstance(message, str) else str(message)  # keeps an i18n.Text whole
        self.path = path


class ScannerUnavailable(Exception):
    """The virus scanner could not be asked (socket missing, refused, or an error answer)."""
