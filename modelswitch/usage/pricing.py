"""Token prices (USD per million) per profile and model, and the cost of a message at them.

A message is priced by its profile's `[prices."MODEL"]` table when the message's model has
one (glm's haiku tier runs glm-4.5-air, cheaper than glm-4.6), else by the profile's price_*.
A price the profile does not give is unknown, never $0: a cost that needs it is unknown
too (reported as a known part plus `+?`). Sessions attributed to several candidate profiles
(`kimi|novita-kimi?`) are priced only when every candidate that has prices has the same.
"""

from __future__ import annotations

from ..errors import UsageError
from ..model_prices import as_tuple
from modelswitch.profile.schema import PRICE_FIELDS, Profile

Prices = tuple  # (input, output, cache write, cache read), each float or None
NO_PRICES: Prices = (None, None, None, None)


def prices_of(profile: Profile | None, model: str = "") -> Prices:
    """The profile's prices for `model`: its per-model table, else its price_*."""
    if profile is None:
        return NO_PRICES
    if model in profile.prices:
        return as_tuple(profile.prices[model])
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
        self._memo: dict = {}  # (names, model) -> Prices: called once per message

    def for_candidates(self, names: tuple[str, ...], model: str = "") -> Prices:
        """One profile's prices for `model`; for a guess, the prices its priced candidates
        agree on (candidates with no price at all, such as a -cn twin, do not veto)."""
        memo_key = (names, model)
        prices = self._memo.get(memo_key)
        if prices is None:
            found = {prices_of(self.by_name.get(name), model) for name in names} - {NO_PRICES}
            prices = self._memo[memo_key] = found.pop() if len(found) == 1 else NO_PRICES
        return prices

    def compare_prices(self, names: tuple[str, ...], model: str) -> list[Prices]:
        """--compare: the message's tokens at each named profile's prices. A profile with a
        table for this model uses it; otherwise its price_*, else its main model's table."""
        memo_key = ("compare", names, model)
        found = self._memo.get(memo_key)
        if found is None:
            found = self._memo[memo_key] = [self._compare_one(name, model) for name in names]
        return found

    def _compare_one(self, name: str, model: str) -> Prices:
        profile = self.by_name[name]
        prices = prices_of(profile, model)
        if prices == NO_PRICES and profile.model in profile.prices:
            prices = prices_of(profile, profile.model)
        return prices

    def for_compare(self, name: str) -> Prices:
        """Checks that `name` exists and has prices (run once per --compare, before reading)."""
        profile = self.by_name.get(name)
        if profile is None:
            from modelswitch.profile.schema import not_found

            raise not_found(name, sorted(self.by_name), "profile or preset")
        prices = prices_of(profile, profile.model)
        if all(price is None for price in prices) and not profile.prices:
            raise UsageError(f"--compare {name}: profile {name!r} has no prices",
                             f"set them: modelswitch edit {name} --price-input 0.60 "
                             "--price-output 2.50 --price-cache-write 0.60 --price-cache-read 0.15")
        return prices
