"""What `list` and `show` print: rows, label/value pairs and JSON. Keys only ever masked."""

from __future__ import annotations

import os
from typing import Mapping

from modelswitch import model_prices
from modelswitch import paths
from modelswitch.profile import fields as fields_table, schema as profiles
from modelswitch.profile import tiers
from modelswitch.errors import KeyringUnavailable
from modelswitch.profile.schema import Profile
from modelswitch.resolve import PROFILE_VAR
from modelswitch.keys.source import KeySource
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
    source = KeySource.parse(profile.key_source)
    if source.kind == "none":
        return ("none (a placeholder token is sent)" if profile.base_url else "none"), None
    if source.kind == "cmd":
        return f"command `{source.value}` (run when used; not run by show)", None
    if source.kind == "env":
        var = source.value
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


HEAD = ("description", "preset")  # what the profile is: shown above its file's path


def show_pairs(profile: Profile, store: SecretStore,
               environ: Mapping[str, str]) -> list[tuple[str, str]]:
    """`show`'s rows: the name, description and preset, the file, then the other fields of
    fields.FIELDS in file order, one row per label (the prices share one, followed by the
    per-model prices), picker text and [env] as rows of their own. Empty rows are left out."""
    head = [f for f in fields_table.FIELDS if f.name in HEAD]
    rest = [f for f in fields_table.FIELDS if f.name not in HEAD]
    pairs = [("name", profile.name + ("  (active)" if profile.name == _active(environ) else "")),
             *_rows(profile, head, store, environ),
             ("file", str(paths.profile_path(profile.name))),
             *_rows(profile, rest, store, environ)]
    return [(label, value) for label, value in pairs if value]


def _rows(profile: Profile, group, store: SecretStore, environ: Mapping[str, str]) -> list:
    rows: list[tuple[str, str]] = []
    done: set[str] = set()
    for f in group:
        if not f.label:
            rows += _table_rows(profile, f)
        elif f.label not in done:
            done.add(f.label)
            same = [g for g in fields_table.FIELDS if g.label == f.label]
            if any(g.kind not in fields_table.TABLES for g in same):
                rows.append((f.label, _shown(profile, f, store, environ)))
            rows += [row for g in same for row in _table_rows(profile, g)]
    return rows


def _shown(profile: Profile, f, store: SecretStore, environ: Mapping[str, str]) -> str:
    """One field's `show` value, by its kind."""
    from modelswitch.resolve import AUTH_VAR

    value = getattr(profile, f.name)
    if f.kind == "key_source":
        return key_preview(profile, store, environ)[0]
    if f.kind == "price":  # the prices sharing this label, on one row
        prices = [getattr(profile, g.name) for g in fields_table.FIELDS
                  if g.label == f.label and g.kind == "price"]
        return _price_text(prices) if any(p is not None for p in prices) else ""
    if value in ("", None):
        source = tiers.FALLBACK.get(f.name)
        if source and getattr(profile, source):
            return f"{getattr(profile, source)} (the {source} model)"
        return f.empty
    if f.kind == "auth":
        return f"{value} ({AUTH_VAR[value]})"
    return f"{value} tokens" if f.kind == "tokens" else str(value)


def _table_rows(profile: Profile, f) -> list[tuple[str, str]]:
    """The rows of a table field: picker text, per-model prices, [env] (values that look
    like a key masked; format_pairs escapes line breaks)."""
    value = getattr(profile, f.name)
    if f.kind == "picker":
        return [(key.replace("_", " "), value[key]) for key in tiers.PICKER_KEYS if value.get(key)]
    if f.kind == "prices":
        return [(f"price {model}", _price_text([table.get(k) for k in model_prices.KEYS]))
                for model, table in value.items()]
    if f.kind == "env":
        return [("env", f"{name}={text}") for name, text in sorted(shown_env(value).items())]
    return []


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
