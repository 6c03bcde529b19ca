"""phonenumbers: the metadata that parsing and validation load lazily, not the geocoder's.

Replaces pyinstaller-hooks-contrib's hook, which takes every submodule (geodata alone is 40 MB).
phonenumbers imports ``phonenumbers.data.region_XX`` / ``shortdata.region_XX`` through
``__import__`` on first use of a region, so static analysis sees none of them. Jianmi Desktop
uses parse / is_valid_number / number_type only: no geocoder, carrier or time-zone data.
"""

from PyInstaller.utils.hooks import collect_submodules

hiddenimports = collect_submodules("phonenumbers.data") + collect_submodules("phonenumbers.shortdata")
excludedimports = ["phonenumbers.geodata", "phonenumbers.carrierdata", "phonenumbers.tzdata"]
