"""The relay: the platform's pushes received on a small public server, kept as events in one
strictly increasing sequence, and pulled by desktops behind NAT (``jianmi-desktop relay``).

``storage`` (the interface; SQLite in ``sqlite_storage``, PostgreSQL in ``pg_storage``,
schema in ``migrations``), ``app`` (HTTP: the receiver's push endpoints and the pull API),
``ratelimit``, ``server`` (the command's main loop). The desktop side is ``campaign.sync``.
"""
