"""Mainland mobile numbers as people type them, as the platform stores them, and as lists show them."""

import re
import unicodedata

MOBILE = re.compile(r"1\d{10}")
_NOISE = re.compile(r"[\s\-()]")
_COUNTRY_CODE = re.compile(r"\+?86(1\d{10})")


def normalise_mobile(value: str) -> str:
    """The number as 11 digits where it can be read so: full-width digits, spaces, dashes and a
    +86 prefix are dropped. The result still needs `MOBILE.fullmatch` to be a mobile."""
    text = _NOISE.sub("", unicodedata.normalize("NFKC", value or ""))
    prefixed = _COUNTRY_CODE.fullmatch(text)
    return prefixed.group(1) if prefixed else text


def mask_mobile(mobile: str) -> str:
    """138****5678: enough to tell people apart in a list, not enough to call them."""
    if len(mobile) < 7:
        return "*" * len(mobile)
    return f"{mobile[:3]}{'*' * (len(mobile) - 7)}{mobile[-4:]}"
