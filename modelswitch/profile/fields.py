"""The profile schema as one table: every field a profile file holds, and what derives from it.

A row says how the field is read and checked (its kind: the same rules for a profile file,
schema.READERS, and for an add/edit flag, flags.FLAG_READERS), which `add`/`edit` option sets
it, what `show` calls it, which variables resolve() sets from it (an [env] entry cannot set
them too), whether `--preset` carries it, and which settings.json variables migration reads
it from. Profile and its --json keys (schema.py), ProfileFlags and the add/edit options
(flags.py, commands/add.py), `show` (view.py), resolve()'s variables, migration (migrate.py)
and export/import all read this table, so a new field is one row here. The model slots are
rows generated from the tiers table (tiers.py).
"""

from __future__ import annotations


from modelswitch.errors import UsageError
from . import tiers
from .validate import (AUTH_STYLES, check_context_window, check_env, check_key_source, check_price,
                       check_text, check_url)

# kind -> (Python type, default): how a value is held. text: one printable line; model: a
# model id (text); url; auth: bearer | api-key; key_source: keyring / env:VAR / cmd:... / none
# (keys/source.py); tokens: a positive int; price: USD per million tokens (None = unknown);
# picker: the slots' /model picker text, flat in the file (opus_name = "..."); prices: the
# per-model price tables (model_prices.py); env: the [env] table of extra variables.
KINDS: dict[str, tuple[str, object]] = {
    "text": ("str", ""), "model": ("str", ""), "url": ("str", ""), "auth": ("str", "bearer"),
    "key_source": ("str", "keyring"), "tokens": ("int | None", None),
    "price": ("float | None", None), "picker": ("dict[str, str]", dict),
    "prices": ("dict[str, dict[str, float]]", dict), "env": ("dict[str, str]", dict),
}
TABLES = ("picker", "prices", "env")  # kinds holding a dict (picker: flat keys in the file)


class Field:
    """One row of the table. A plain class with slots (read at every `env` and `run`, where
    the dataclasses import would cost more than the whole table); rows never change."""

    __slots__ = ("name", "kind", "flag", "metavar", "help", "label", "env", "preset",
                 "migrate", "empty")

    def __init__(self, name: str, kind: str, flag: str | None = None, metavar: str = "TEXT",
                 help: str = "", label: str | None = None, env: tuple[str, ...] = (),
                 preset: bool = False, migrate: tuple[str, ...] = (), empty: str = "") -> None:
        set_ = object.__setattr__
        set_(self, "name", name)        # the TOML key, the Profile attribute and the --json key
        set_(self, "kind", kind)        # one of KINDS: how it is held, read and checked
        set_(self, "flag", flag)        # the add/edit option that sets it (None: set otherwise)
        set_(self, "metavar", metavar)
        set_(self, "help", help)        # the option's help
        set_(self, "label", label)      # its `show` row (None: not shown as a row of its own)
        set_(self, "env", env)          # variables resolve() sets from it (model slots: with fallbacks)
        set_(self, "preset", preset)    # `--preset` copies it into the profile
        set_(self, "migrate", migrate)  # settings.json variables migration reads it from, first wins
        set_(self, "empty", empty)      # what `show` says when it is unset ("": no row)

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"Field.{name} is read-only: the table is fixed at import")

    def __repr__(self) -> str:
        return f"Field({self.name!r}, {self.kind!r}, flag={self.flag!r})"

    @property
    def python_type(self) -> str:
        return KINDS[self.kind][0]

    @property
    def default(self):
        return KINDS[self.kind][1]


PRICE_HELP = "Price of %s tokens, USD per million (for `modelswitch usage`); '' makes it unknown."
SLOT_HELP = {"custom_model": "One extra model offered in claude's /model picker."}
SLOT_LABEL = {"custom_model": "custom"}
SLOT_EXTRA_VARS = {"haiku": ("ANTHROPIC_SMALL_FAST_MODEL",)}  # haiku's old name, still read


def _slot_help(slot: str) -> str:
    if slot in SLOT_HELP:
        return SLOT_HELP[slot]
    notes = [tiers.ALSO[slot]] if slot in tiers.ALSO else []
    notes += [f"default: the {tiers.FALLBACK[slot]} model"] if slot in tiers.FALLBACK else []
    return f"Model behind the {slot} alias" + (f" ({'; '.join(notes)})." if notes else ".")


def _slot(slot: str) -> Field:
    """A model slot of tiers.SLOT_VARS (a tier, or the extra picker entry)."""
    extra = SLOT_EXTRA_VARS.get(slot, ())
    return Field(slot, "model", "--" + slot.replace("_", "-"), "M", _slot_help(slot),
                 SLOT_LABEL.get(slot, slot), env=(tiers.slot_var(slot), *extra), preset=True,
                 migrate=(tiers.slot_var(slot), *extra))


def _price(name: str, what: str) -> Field:
    return Field(name, "price", "--" + name.replace("_", "-"), "USD", PRICE_HELP % what, "price",
                 preset=True)


# In file order: Profile.to_dict() writes them so (picker text flat, then the tables).
FIELDS: tuple[Field, ...] = (
    Field("description", "text", "--description", "TEXT", "One-line note.", "description",
          preset=True),
    Field("base_url", "url", "--base-url", "URL", "Anthropic-compatible endpoint.", "base URL",
          env=("ANTHROPIC_BASE_URL",), preset=True, migrate=("ANTHROPIC_BASE_URL",),
          empty="(none: Claude Code's default)"),
    Field("auth", "auth", "--auth", "bearer|api-key",
          "Send the key as ANTHROPIC_AUTH_TOKEN (bearer) or ANTHROPIC_API_KEY (api-key).", "auth",
          preset=True),
    Field("key_source", "key_source", label="key"),  # set by --key-stdin/--key-env/--key-cmd/--no-key
    Field("model", "model", "--model", "M", "Main model (ANTHROPIC_MODEL).", "model",
          env=("ANTHROPIC_MODEL",), preset=True, migrate=("ANTHROPIC_MODEL",)),
    *(_slot(slot) for slot in tiers.SLOT_VARS),
    Field("picker", "picker", preset=True),  # set by --tier-name/--tier-description/...
    Field("subagent", "model", "--subagent", "M", "Model for subagents.", "subagent",
          env=("CLAUDE_CODE_SUBAGENT_MODEL", "CLAUDE_CODE_WORKFLOW_SUBAGENT_MODEL"), preset=True,
          migrate=("CLAUDE_CODE_SUBAGENT_MODEL",)),
    Field("context_window", "tokens", "--context-window", "N", "Context window in tokens.",
          "context window", env=("CLAUDE_CODE_MAX_CONTEXT_TOKENS",), preset=True,
          migrate=("CLAUDE_CODE_MAX_CONTEXT_TOKENS",)),
    _price("price_input", "input"),
    _price("price_output", "output"),
    _price("price_cache_write", "cache write"),  # prompt caching: tokens written to the cache
    _price("price_cache_read", "cache read"),  # tokens read from the cache
    Field("preset", "text", label="preset"),  # the preset the profile started from
    Field("prices", "prices", label="price", preset=True),  # set by --model-price
    Field("env", "env"),  # set by --env/--unset-env; --preset merges its own
)


def named(*kinds: str) -> tuple[str, ...]:
    """The names of the fields of these kinds, in file order."""
    return tuple(f.name for f in FIELDS if f.kind in kinds)


def by_name() -> dict[str, Field]:
    return {f.name: f for f in FIELDS}


def field_vars() -> dict[str, str]:
    """Variable -> the field it comes from, for every variable a field feeds."""
    return {var: f.name for f in FIELDS for var in f.env}


# ---------------------------------------------------------------- reading a profile file
class SchemaError(Exception):
    def __init__(self, key: str, problem: str, hint: str | None = None,
                 where: tuple[str | None, str] | None = None):
        super().__init__(problem)
        self.key = key
        self.problem = problem
        self.hint = hint
        self.where = where  # (model, key) inside the prices table, found in the text


def _checked(key: str, check, *args):
    """Run a validate.check_* function; its UsageError becomes a SchemaError on `key`."""
    try:
        return check(*args)
    except UsageError as exc:
        raise SchemaError(key, exc.message, exc.hint) from None


def _string(key: str, value):
    if not isinstance(value, str):
        raise SchemaError(key, f"{key} must be a string")
    return _checked(key, check_text, key, value)


def _url(key: str, value):
    _checked(key, check_url, _string(key, value), key)
    return value


def _auth(key: str, value):
    if value not in AUTH_STYLES:
        raise SchemaError(key, f"{key} must be 'bearer' or 'api-key'")
    return value


def _key_source(key: str, value):
    if not isinstance(value, str):
        raise SchemaError(key, f"{key} must be a string")
    return _checked(key, check_key_source, value)


def _prices(key: str, value):
    from modelswitch import model_prices  # only a profile with [prices] tables needs it

    try:
        return model_prices.parse(value)
    except model_prices.TableError as exc:
        raise SchemaError(exc.key, exc.problem, exc.hint, (exc.model, exc.key)) from None


def _env(key: str, env):
    if not isinstance(env, dict):
        raise SchemaError(key, f"{key} must be a table of NAME = \"value\"")
    clean_env = {}
    for k, v in env.items():
        if isinstance(v, bool) or not isinstance(v, (str, int)):
            raise SchemaError(k, f"env.{k} must be a string")
        _checked(k, check_env, k, str(v), True)
        clean_env[k] = str(v)
    return clean_env


# kind -> reader(key, value from the file) -> the value to hold; raises SchemaError
READERS = {
    "text": _string, "model": _string, "url": _url, "auth": _auth, "key_source": _key_source,
    "tokens": lambda key, value: _checked(key, check_context_window, value, key),
    "price": lambda key, value: _checked(key, check_price, value, key),
    "prices": _prices, "env": _env,
}


