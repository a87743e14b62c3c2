"""Database: typed models, the one engine factory, migrations, and query modules per table group.

Query functions take a ``Session`` and never commit; the caller owns the transaction
(``with transaction(engine) as session: ...``).
"""
