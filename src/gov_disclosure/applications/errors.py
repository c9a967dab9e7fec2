"""Errors specific to applications; each derives from the shared hierarchy."""

from __future__ import annotations

from ..errors import ConflictError, IllegalTransitionError, InvalidInputError
from ..i18n import N_


class NoContactError(InvalidInputError):
    """An application gives no way to reach the applicant (Art. 29: 联系方式)."""

    def __init__(self) -> None:
        super().__init__(
            "contact", N_("at least one of phone, email, postal address, fax is required")
        )


class ReasonRequiredError(InvalidInputError):
    """A reply type that needs a sub-reason was given without one (or with the wrong kind)."""


class ApplicationClosedError(IllegalTransitionError):
    """The application is closed: no reply, notice or clock event may follow."""

    def __init__(self, number: str, action: str) -> None:
        super().__init__(f"application {number}", "closed", action)


class SecondSupplementError(ConflictError):
    """Art. 30 allows one 补正 notice only."""

    def __init__(self, number: str) -> None:
        super().__init__(
            "application", number, N_("Art. 30: only one 补正 notice may be sent (already sent)")
        )


class SecondExtensionError(ConflictError):
    """Art. 33 allows one extension only."""

    def __init__(self, number: str) -> None:
        super().__init__(
            "application",
            number,
            N_("Art. 33: the reply may be extended once only (already extended)"),
        )


class SecondFeeNoticeError(ConflictError):
    """One fee notice, by one method, per application (国办函〔2020〕109号)."""

    def __init__(self, number: str) -> None:
        super().__init__("application", number, N_("a fee notice was already sent"))
