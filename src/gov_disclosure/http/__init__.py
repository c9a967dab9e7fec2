"""The HTTP service (``gov-disclosure serve``): FastAPI over :class:`gov_disclosure.App`.

FastAPI is imported only when the service is built, so the CLI stays quick to start.

>>> from gov_disclosure.http.app_factory import create_app   # doctest: +SKIP
>>> api = create_app(App("sqlite:///office.db", config))      # doctest: +SKIP
"""
