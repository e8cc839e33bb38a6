"""The one exception type for bad input or bad options."""


class ExplorerError(Exception):
    """Bad input or options; the message is one line that names where the problem is.

    ``str(err)`` reads ``"seeds/002.txt: line 40: expected ..."`` when ``source`` is given.
    """

    def __init__(self, message: str, source: str | None = None):
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message
