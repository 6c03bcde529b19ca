"""The callback server for platform pushes and status-URL calls (see app.py)."""

from jianmi_desktop.receiver.app import Receiver, run_receiver

__all__ = ["Receiver", "run_receiver"]
