"""Opening the relay's storage by its URL: ``sqlite:///…`` or ``postgresql://…`` (the backends
import ``storage.py``; this module picks one, so the base does not import its backends)."""

from __future__ import annotations

from jianmi_desktop.relay.storage import RelayError, RelayStorage, describe_url, sqlite_path


async def open_storage(url: str, *, password: str | None = None) -> RelayStorage:
    """The storage behind ``url`` (``sqlite:///…`` or ``postgresql://…``, with ``password`` when it
    is not in the URL), opened and migrated."""
    storage: RelayStorage
    if url.startswith("sqlite:"):
        from jianmi_desktop.relay.sqlite_storage import SqliteStorage

        storage = SqliteStorage(sqlite_path(url))
    elif url.startswith(("postgresql:", "postgres:")):
        try:
            from jianmi_desktop.relay.pg_storage import PgStorage
        except ImportError:
            raise RelayError(
                "这个安装里没有 PostgreSQL 支持（桌面安装包只带 SQLite）。请按使用说明“中继服务器”一节在服务器上"
                "安装中继（Docker 或 systemd），或改用 --db sqlite:///…",
                "This installation has no PostgreSQL support (the desktop installers carry SQLite only). Install "
                "the relay on a server as the guide's relay section says (Docker or systemd), or use "
                "--db sqlite:///…") from None

        storage = PgStorage(url, password=password)
    else:
        raise RelayError(f"不认识的数据库地址：{describe_url(url)}（应以 sqlite:/// 或 postgresql:// 开头）",
                         f"Unknown database URL: {describe_url(url)} (use sqlite:/// or postgresql://)")
    await storage.open()
    return storage
