"""保密审查: screening and masking before publication (approval stages are added here later).

Screening (:func:`screen`, :class:`Screener`) runs the built-in rules (secret markings,
personal data with real validation), the sensitive-term dictionaries (one Aho-Corasick pass)
and plugin rules over an edition's title, summary, body, tables and attachments, and returns
:class:`Finding` objects. :func:`mask` masks personal data the way Chinese notices do.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .dictionary import (
        DEFAULT_DICTIONARY,
        DictionaryError,
        Term,
        TermMatcher,
        load_dictionary,
        merge_terms,
        parse_dictionary,
    )
    from .editions import EditionScreening, keep_numbers_of, screen_edition
    from .findings import Finding, Findings, Rule, Severity, any_blocking
    from .limits import UnreadableDocumentError
    from .markings import SecretMarkingRule
    from .masked_copy import MaskedCopy, mask_file
    from .masking import apply_suggestions, mask, mask_value
    from .personal_data import (
        PERSONAL_DATA,
        DataKind,
        PersonalDatum,
        find_personal_data,
        normalize_number,
    )
    from .personal_rule import PersonalDataRule
    from .readers import SUPPORTED_SUFFIXES, ManualReviewNeeded, extract_text, read_attachment
    from .screener import Screener, default_screener, screen, texts_of
    from .textio import decode_bytes, read_docx, read_text

# name -> submodule: imported on first use, so importing one part (``review.approval``) does not
# load the screening machinery (dictionaries, document readers)
_EXPORTS = {
    "DEFAULT_DICTIONARY": "dictionary",
    "DataKind": "personal_data",
    "DictionaryError": "dictionary",
    "EditionScreening": "editions",
    "Finding": "findings",
    "Findings": "findings",
    "ManualReviewNeeded": "readers",
    "MaskedCopy": "masked_copy",
    "PERSONAL_DATA": "personal_data",
    "PersonalDataRule": "personal_rule",
    "PersonalDatum": "personal_data",
    "Rule": "findings",
    "SUPPORTED_SUFFIXES": "readers",
    "Screener": "screener",
    "SecretMarkingRule": "markings",
    "Severity": "findings",
    "Term": "dictionary",
    "TermMatcher": "dictionary",
    "UnreadableDocumentError": "limits",
    "any_blocking": "findings",
    "apply_suggestions": "masking",
    "decode_bytes": "textio",
    "default_screener": "screener",
    "extract_text": "readers",
    "find_personal_data": "personal_data",
    "keep_numbers_of": "editions",
    "load_dictionary": "dictionary",
    "mask": "masking",
    "mask_file": "masked_copy",
    "mask_value": "masking",
    "merge_terms": "dictionary",
    "normalize_number": "personal_data",
    "parse_dictionary": "dictionary",
    "read_attachment": "readers",
    "read_docx": "textio",
    "read_text": "textio",
    "screen": "screener",
    "screen_edition": "editions",
    "texts_of": "screener",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)


# Approval stages (submit / approve / reject / override) will be exported here as well.

__all__ = [
    "DEFAULT_DICTIONARY",
    "PERSONAL_DATA",
    "SUPPORTED_SUFFIXES",
    "DataKind",
    "DictionaryError",
    "EditionScreening",
    "Finding",
    "Findings",
    "ManualReviewNeeded",
    "MaskedCopy",
    "PersonalDataRule",
    "PersonalDatum",
    "Rule",
    "Screener",
    "SecretMarkingRule",
    "Severity",
    "Term",
    "TermMatcher",
    "UnreadableDocumentError",
    "any_blocking",
    "apply_suggestions",
    "decode_bytes",
    "default_screener",
    "extract_text",
    "find_personal_data",
    "keep_numbers_of",
    "load_dictionary",
    "mask",
    "mask_file",
    "mask_value",
    "merge_terms",
    "normalize_number",
    "parse_dictionary",
    "read_attachment",
    "read_docx",
    "read_text",
    "screen",
    "screen_edition",
    "texts_of",
]
