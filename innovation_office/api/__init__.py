"""What every app's REST API shares: token authentication and throttling (auth), the error shape and the
schema's error responses (errors), the parse-only filter backend (filters), keyset pagination (pagination)
and the routes (urls).

The apps' `api.py` modules hold thin views; the reads and writes behind them are the same selectors and
services the pages call, so a permission rule or an anonymisation exists once.
"""
