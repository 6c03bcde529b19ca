"""The built-in sandbox: an emulator of the Jianmi platform on a local port."""

from jianmi_desktop.sandbox.app import Sandbox, run_sandbox
from jianmi_desktop.sandbox.config import FaultPlan, SandboxConfig
from jianmi_desktop.sandbox.state import SandboxState

__all__ = ["FaultPlan", "Sandbox", "SandboxConfig", "SandboxState", "run_sandbox"]
