"""Knowledge-base folders with one file replaced by fuzzed YAML (valid entries bent, arbitrary YAML, anchors,
bytes) through `losshelp kb --dir DIR lint` and `search`: a report, "problems found" (1) or one line."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import MINI_KB, write_kb
from tests.fuzz.contract import assert_contract, run_main

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(10**25), 10**25), st.floats(allow_nan=True, allow_infinity=True),
                    st.text(max_size=20))
YAMLISH = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=10)


@st.composite
def kb_files(draw) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(MINI_KB)))
    data = copy.deepcopy(MINI_KB[name])
    form = draw(st.sampled_from(["bent", "arbitrary", "anchors", "bytes", "mangled"]))
    if form == "bent" and isinstance(data, dict):
        for entries in data.values():
            if isinstance(entries, list) and entries and isinstance(entries[0], dict):
                entry = entries[0]
                entry[draw(st.sampled_from([*entry, "extra"]))] = draw(YAMLISH)
        return name, yaml.safe_dump(data, allow_unicode=True).encode()
    if form == "arbitrary":
        return name, yaml.safe_dump(draw(YAMLISH), allow_unicode=True).encode()
    if form == "anchors":
        width, depth = draw(st.integers(1, 12)), draw(st.integers(1, 9))
        return name, ("a0: &a0 [x]\n" + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]\n" for i in range(1, depth + 1))).encode()
    if form == "bytes":
        return name, draw(st.binary(max_size=200))
    text = yaml.safe_dump(data, allow_unicode=True)
    cut = draw(st.integers(0, len(text)))
    return name, (text[:cut] + draw(st.text(alphabet="[]{}&*!|>:-,'\"#% \n\t", max_size=6)) + text[cut:]).encode()


@settings(settings.get_profile("fuzz"), max_examples=150)
@given(file=kb_files(), command=st.sampled_from([("lint",), ("search", "learning"), ("stats",)]))
def test_kb_folders(file, command):
    name, raw = file
    with tempfile.TemporaryDirectory() as folder:
        root = write_kb(Path(folder) / "kb", MINI_KB)
        (root / name).write_bytes(raw)
        assert_contract(run_main("kb", "--dir", str(root), *command), also=(1,))
