"""Who issues an application's letters: the body it was made to, with that body's 复议机关.

The configured body's letters use ``[organization]`` (address, phone …) as before; another
body's use its registered name and short name, and its 文号 come from its short name (the
configured ``letter_prefix`` / ``letter_number_pattern`` belong to the configured body). The
remedies paragraph names the body's own 复议机关 (``org edit --review-body``), else
``[applications] review_body``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from .resolve import configured_body, find

if TYPE_CHECKING:
    from ..applications.models import ApplicationRecord
    from ..applications.settings import ApplicationSettings
    from ..config import Config


def letter_issuer(
    conn: Connection, config: Config, record: ApplicationRecord, settings: ApplicationSettings
) -> tuple[dict[str, Any], ApplicationSettings]:
    """(the issuing body as the letter templates read it, the settings for its letters)."""
    organization = config.organization.model_dump()
    if record.org_id is None:
        return organization, settings
    body = find(conn, record.org_id)
    home = configured_body(conn, config)
    if home is None or home.id != body.id:
        organization = {key: None for key in organization} | {
            "name": body.name,
            "short_name": body.short_name,
            "credit_code": body.credit_code,
            "level": body.level.value,
            "office": body.name,
        }
        settings = settings.model_copy(
            update={"letter_prefix": None, "letter_number_pattern": None}
        )
    if body.review_body:
        settings = settings.model_copy(update={"review_body": body.review_body})
    return organization, settings
