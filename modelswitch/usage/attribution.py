"""Which profile a session ran on.

In order:
1. the launch log names the session: `run` passed `--session-id` to claude;
2. the launch log has a `run` in the session's working directory before the session's first
   message (the latest one), and that profile serves the session's model (or no longer
   exists to say): `claude --resume`, `/clear` and launches where no session id could be
   passed land here;
3. otherwise the model id: the profiles whose tiers use it, shown as `kimi|novita-kimi?`
   (a question mark: a guess); user profiles first, bundled presets if none matches;
4. nothing matches: `?`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..profile.schema import Profile


@dataclass(frozen=True)
class Attribution:
    label: str  # what the report shows
    profiles: tuple[str, ...]  # the candidate profiles (one when certain)
    exact: bool  # from the launch log


UNKNOWN = Attribution("?", (), False)


class Attributor:
    def __init__(self, records: list[dict], profiles: list[Profile], presets: list[Profile]):
        self.profiles = {p.name: p for p in profiles}
        self.by_session: dict[str, str] = {}
        self.by_cwd: dict[str, list[tuple[str, str]]] = {}
        for record in records:
            profile, cwd, when = record.get("profile"), record.get("cwd"), record.get("time")
            if not isinstance(profile, str) or not profile:
                continue
            session = record.get("session")
            if isinstance(session, str) and session:
                self.by_session[session] = profile
            if isinstance(cwd, str) and isinstance(when, str):
                self.by_cwd.setdefault(cwd, []).append((when, profile))
        for launches in self.by_cwd.values():
            launches.sort()
        self.by_model = _model_index(profiles) or {}
        self.preset_models = _model_index(presets)
        self._cache: dict[tuple, Attribution] = {}

    def attribute(self, session: str, cwd: str, first: str, model: str) -> Attribution:
        key = (session, cwd, first[:19], model)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._attribute(session, cwd, first, model)
        return found

    def _attribute(self, session: str, cwd: str, first: str, model: str) -> Attribution:
        name = self.by_session.get(session)
        if name:
            return Attribution(name, (name,), True)
        launches = self.by_cwd.get(cwd)
        if launches:
            at = bisect.bisect_right(launches, (first[:19] + "Z", "\uffff"))
            if at:
                name = launches[at - 1][1]
                profile = self.profiles.get(name)
                if profile is None or model in profile.models.values():
                    return Attribution(name, (name,), True)
        return self.by_model_id(model)

    def by_model_id(self, model: str) -> Attribution:
        names = self.by_model.get(model) or self.preset_models.get(model)
        if not names:
            return UNKNOWN
        return Attribution("|".join(names) + "?", tuple(names), False)


def _model_index(profiles: list[Profile]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for profile in sorted(profiles, key=lambda p: p.name):
        for model in dict.fromkeys(profile.models.values()):
            index.setdefault(model, []).append(profile.name)
    return index
