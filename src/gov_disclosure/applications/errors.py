"""Errors specific to applications; each derives from the shared hierarchy."""

from __future__ import annotations

from ..errors import ConflictError, IllegalTransitionError, InvalidInputError


class NoContactError(InvalidInputError):
    """An application gives no way to reach the applicant (Art. 29: 联系方式)."""

    def __init__(self) -> None:
        super().__init__(
            "contact", "至少提供一种联系方式 (at least one of phone, email, postal address, fax)"
        )


class ReasonRequiredError(InvalidInputError):
    """A reply type that needs a sub-reason was given without one (or with the wrong kind)."""


class ApplicationClosedError(IllegalTransitionError):
    """The application is closed: no reply, notice or clock event may follow."""

    def __init__(self, number: str, action: str) -> None:
        super().__init__(f"申请 {number} 已办结 (application {number})", "closed", action)


class SecondSupplementError(ConflictError):
    """Art. 30 allows one 补正 notice only."""

    def __init__(self, number: str) -> None:
        super().__init__("application", number, "条例第三十条：补正通知只能发一次 (already sent)")


class SecondExtensionError(ConflictError):
    """Art. 33 allows one extension only."""

    def __init__(self, number: str) -> None:
        super().__init__(
            "application", number, "条例第三十三条：只能延期一次 (already extended once)"
        )


class SecondFeeNoticeError(ConflictError):
    """One fee notice, by one method, per application (国办函〔2020〕109号)."""

    def __init__(self, number: str) -> None:
        super().__init__("application", number, "已发出收费通知 (a fee notice was already sent)")
