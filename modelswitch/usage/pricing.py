"""Token prices (USD per million) per profile, and the cost of a message at them.

A price the profile does not give is unknown, never $0: a cost that needs it is unknown
too (reported as a known part plus `+?`). Sessions attributed to several candidate profiles
(`kimi|novita-kimi?`) are priced only when every candidate that has prices has the same.
"""

from __future__ import annotations

from ..errors import UsageError
from ..profile.schema import PRICE_FIELDS, Profile

Prices = tuple  # (input, output, cache write, cache read), each float or None
NO_PRICES: Prices = (None, None, None, None)


def prices_of(profile: Profile | None) -> Prices:
    if profile is None:
        return NO_PRICES
    return tuple(getattr(profile, name) for name in PRICE_FIELDS)


def cost(tokens: tuple[int, int, int, int], prices: Prices) -> float | None:
    """USD for these tokens; None when a price needed for them is unknown."""
    total = 0.0
    for count, price in zip(tokens, prices):
        if count:
            if price is None:
                return None
            total += count * price
    return total / 1e6


class PriceBook:
    """Prices by profile name: the user's profiles, then the bundled presets."""

    def __init__(self, profiles: list[Profile], presets: list[Profile]):
        self.by_name = {p.name: p for p in presets}
        self.by_name.update((p.name, p) for p in profiles)

    def for_candidates(self, names: tuple[str, ...]) -> Prices:
        """One profile's prices; for a guess, the prices its priced candidates agree on
        (candidates with no price at all, such as a -cn twin, do not veto)."""
        found = {prices_of(self.by_name.get(name)) for name in names} - {NO_PRICES}
        return found.pop() if len(found) == 1 else NO_PRICES

    def for_compare(self, name: str) -> Prices:
        profile = self.by_name.get(name)
        if profile is None:
            from ..profile.schema import not_found

            raise not_found(name, sorted(self.by_name), "profile or preset")
        prices = prices_of(profile)
        if all(price is None for price in prices):
            raise UsageError(f"--compare {name}: profile {name!r} has no prices",
                             f"set them: modelswitch edit {name} --price-input 0.60 "
                             "--price-output 2.50 --price-cache-write 0.60 --price-cache-read 0.15")
        return prices
