"""The SQLite store (see db.py): campaigns, batches, recipients, reports, replies, opt-outs."""

from jianmi_desktop.store.db import Store
from jianmi_desktop.store.models import Batch, Campaign, StoreError

__all__ = ["Batch", "Campaign", "Store", "StoreError"]
