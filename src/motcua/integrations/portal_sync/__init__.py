"""Đồng bộ với Cổng Dịch vụ công quốc gia (domain §11, issue 8).

- ``outbox``: every dossier event becomes a ``SyncItem`` in the transaction of the transition.
- ``delivery``: the worker sends them in order per dossier, with leases, retries and backoff.
- ``clients``: the adapter (``PortalClient``) chosen by ``MOTCUA_PORTAL_CLIENT``: HTTP or simulator.
- ``simulator``: a local portal that stores what it receives and can be told to misbehave.
- ``inbound``: online dossiers pushed by the portal arrive as "awaiting reception".
- ``reconcile``: what the portal holds against what the system holds; ``synchronised_rate``.
"""
