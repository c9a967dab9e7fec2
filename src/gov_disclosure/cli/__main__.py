"""``python -m gov_disclosure.cli`` is ``gov-disclosure``."""

from .main import main

main()
