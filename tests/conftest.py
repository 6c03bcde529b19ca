"""Test-wide environment: Qt offscreen, no OS keychain, and a data folder of the test's own."""

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
os.environ.setdefault("JIANMI_DATA_DIR", tempfile.mkdtemp(prefix="jianmi-test-data-"))
for _name in ("JIANMI_SDK_URL", "JIANMI_CLIENTAPI_URL", "JIANMI_INTL_URL", "JIANMI_UID", "JIANMI_PASSWORD",
              "JIANMI_APIKEY"):
    os.environ.pop(_name, None)
