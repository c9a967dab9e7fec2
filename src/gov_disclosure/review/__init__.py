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
