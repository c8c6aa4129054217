"""What `list` and `show` print: rows, label/value pairs and JSON. Keys only ever masked."""

from __future__ import annotations

import os
from typing import Mapping

from modelswitch import model_prices
from modelswitch import paths
from modelswitch.profile import schema as profiles
from modelswitch.profile import tiers
from modelswitch.errors import KeyringUnavailable
from modelswitch.profile.schema import Profile
from modelswitch.resolve import PROFILE_VAR
from modelswitch.keys.store import KeyringStore, SecretStore, key_state, mask


def _active(environ: Mapping[str, str]) -> str:
    return environ.get(PROFILE_VAR, "")


def shown_env(env: Mapping[str, str]) -> dict[str, str]:
    """[env] for display: a value that looks like a key (by its name or its shape) is masked.
    A hand-written file may hold one (ANTHROPIC_AUTH_TOKEN copied from settings.json)."""
    from ..redact import hidden

    return {k: mask(v) if hidden(k, v) else v for k, v in env.items()}


def _asdict(profile: Profile) -> dict:
    return dict(profile.as_json(), env=shown_env(profile.env))


def list_data(store: SecretStore, environ: Mapping[str, str] | None = None) -> list[dict]:
    """One dict per profile file, sorted by name; a broken file has an 'error' instead."""
    environ = os.environ if environ is None else environ
    from modelswitch.claude.global_switch import global_profile

    good, broken = profiles.load_all()
    switched = global_profile()
    holders = None  # one Secret Service search for all profiles, when it can answer
    if isinstance(store, KeyringStore) and any(p.key_source == "keyring" for p in good):
        from modelswitch.keys.secret_service import holders as find_holders

        holders = find_holders()
    items = [dict(_asdict(p), key_state=key_state(p, store, holders),
                  active=p.name == _active(environ), **{"global": p.name == switched})
             for p in good]
    items += [{"name": exc.profile_name, "error": exc.message,
               "active": exc.profile_name == _active(environ)} for exc in broken]
    return sorted(items, key=lambda item: item["name"])


def list_rows(items: list[dict]) -> list[tuple[str, ...]]:
    rows = []
    for item in items:
        mark = ("*" if item["active"] else "") + ("G" if item.get("global") else "")
        if "error" in item:
            rows.append((mark, item["name"], "-", "-", "BROKEN"))
        else:
            rows.append((mark, item["name"], item["base_url"] or "(Claude Code default)",
                         item["model"] or "-", item["key_state"]))
    return rows


def key_preview(profile: Profile, store: SecretStore,
                environ: Mapping[str, str]) -> tuple[str, str | None]:
    """(description of the key source and state, masked key or None). Never runs a command."""
    source = profile.key_source
    if source == "none":
        return ("none (a placeholder token is sent)" if profile.base_url else "none"), None
    if source.startswith("cmd:"):
        return f"command `{source[4:]}` (run when used; not run by show)", None
    if source.startswith("env:"):
        var = source[4:]
        value = environ.get(var, "")
        if not value:
            return f"${var} (not set here)", None
        return f"${var} ({mask(value)})", mask(value)
    try:
        value = store.get(profile.name) or ""
    except KeyringUnavailable as exc:
        return f"keyring (unavailable: {exc.message})", None
    if not value:
        return f"keyring (missing: `modelswitch key set {profile.name}`)", None
    return f"keyring ({mask(value)})", mask(value)


def show_pairs(profile: Profile, store: SecretStore,
               environ: Mapping[str, str]) -> list[tuple[str, str]]:
    from modelswitch.resolve import AUTH_VAR

    key_text, _ = key_preview(profile, store, environ)
    pairs = [("name", profile.name + ("  (active)" if profile.name == _active(environ) else "")),
             ("description", profile.description), ("preset", profile.preset),
             ("file", str(paths.profile_path(profile.name))),
             ("base URL", profile.base_url or "(none: Claude Code's default)"),
             ("auth", f"{profile.auth} ({AUTH_VAR[profile.auth]})"), ("key", key_text)]
    pairs += [(role if role != "main" else "model", m) for role, m in profile.models.items()]
    for tier, source in tiers.FALLBACK.items():
        if not getattr(profile, tier) and getattr(profile, source):
            pairs.append((tier, f"{getattr(profile, source)} (the {source} model)"))
    pairs += [(key.replace("_", " "), profile.picker[key]) for key in tiers.PICKER_KEYS
              if profile.picker.get(key)]
    if profile.context_window:
        pairs.append(("context window", f"{profile.context_window} tokens"))
    prices = [getattr(profile, name) for name in profiles.PRICE_FIELDS]
    if any(price is not None for price in prices):
        pairs.append(("price", _price_text(prices)))
    for model, table in profile.prices.items():
        pairs.append((f"price {model}", _price_text([table.get(k) for k in model_prices.KEYS])))
    for name, value in sorted(shown_env(profile.env).items()):
        pairs.append(("env", f"{name}={value}"))  # format_pairs escapes line breaks
    return [(label, value) for label, value in pairs if value]


def _price_text(prices) -> str:
    return ("{} in / {} out / {} cache write / {} cache read per million "
            "tokens".format(*map(_money, prices)))


def _money(value: float | None) -> str:
    if value is None:
        return "?"
    return f"${value:.2f}" if round(value, 2) == value else f"${value:g}"


def show_data(profile: Profile, store: SecretStore, environ: Mapping[str, str]) -> dict:
    text, masked = key_preview(profile, store, environ)
    return dict(_asdict(profile), path=str(paths.profile_path(profile.name)),
                key_state=key_state(profile, store), key_masked=masked,
                active=profile.name == _active(environ))
