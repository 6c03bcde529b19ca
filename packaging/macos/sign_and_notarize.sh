#!/usr/bin/env bash
# Sign the .app with the hardened runtime, then notarise and staple the .dmg — when the
# secrets exist (a Developer ID certificate in the keychain and an App Store Connect key);
# otherwise say plainly that it was skipped. Run on macOS:
#   packaging/macos/sign_and_notarize.sh dist/茧米桌面.app dist/jianmi-desktop.dmg
set -euo pipefail
app="$1"; dmg="$2"
if [[ -z "${MACOS_SIGN_IDENTITY:-}" ]]; then
  echo "signing skipped: no certificate (MACOS_SIGN_IDENTITY is not set); the app is unsigned"
else
  codesign --force --deep --options runtime --timestamp --sign "$MACOS_SIGN_IDENTITY" "$app"
  codesign --verify --deep --strict --verbose=2 "$app"
fi
if [[ -z "${MACOS_NOTARY_KEY_ID:-}" || -z "${MACOS_SIGN_IDENTITY:-}" ]]; then
  echo "notarisation skipped: no App Store Connect key (MACOS_NOTARY_KEY_ID) or no signature"
  exit 0
fi
xcrun notarytool submit "$dmg" --key "$MACOS_NOTARY_KEY" --key-id "$MACOS_NOTARY_KEY_ID" \
  --issuer "$MACOS_NOTARY_ISSUER" --wait
xcrun stapler staple "$dmg"
