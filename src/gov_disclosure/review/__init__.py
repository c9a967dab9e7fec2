"""保密审查: screening and masking before publication (approval stages are added here later).

Screening (:func:`screen`, :class:`Screener`) runs the built-in rules (secret markings,
personal data with real validation), the sensitive-term dictionaries (one Aho-Corasick pass)
and plugin rules over an edition's title, summary, body, tables and attachments, and returns
:class:`Finding` objects. :func:`mask` masks personal data the way Chinese notices do.
"""

from .dictionary import (
    DEFAULT_DICTIONARY,
    DictionaryError,
    Term,
    TermMatcher,
    load_dictionary,
    merge_terms,
    parse_dictionary,
)
from .findings import Finding, Rule, Severity, any_blocking
from .markings import SecretMarkingRule
from .masking import apply_suggestions, mask_value
from .personal_data import DataKind, PersonalDataRule, PersonalDatum, find_personal_data, mask
from .screener import Screener, default_screener, screen, texts_of
from .textio import UnreadableDocumentError, decode_bytes, extract_text, read_docx, read_text

# Approval stages (submit / approve / reject / override) will be exported here as well.

__all__ = [
    "DEFAULT_DICTIONARY",
    "DataKind",
    "DictionaryError",
    "Finding",
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
    "load_dictionary",
    "mask",
    "mask_value",
    "merge_terms",
    "parse_dictionary",
    "read_docx",
    "read_text",
    "screen",
    "texts_of",
]
