"""Exceptions raised by the SensingGym client."""


class SensingGymError(RuntimeError):
    """The server refused a request; ``code`` is one of the protocol's stable error codes."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class SensingGymTimeout(TimeoutError):
    """No reply arrived within the client's timeout (the server is gone, overloaded or unreachable)."""


class InvalidAction(SensingGymError, ValueError):
    """An action the client refuses before sending it (a float for a Discrete space, a wrong shape or key set)."""

    def __init__(self, message: str):
        super().__init__("bad_action", message)
