"""One router per domain; each calls only :class:`gov_disclosure.App`'s public methods."""
