"""The one rule for copies kept in a process (``newsroom.localcache``), as behaviour."""

import ast
import sys
from functools import lru_cache
from pathlib import Path

from django.test import override_settings

from newsroom import addresses, localcache, pagecache
from newsroom.localcache import MISS, ProcessCache
from popularity import beacon
from website import chrome


def test_a_copy_is_trusted_for_trust_seconds_after_it_was_read_and_not_after():
    copies = ProcessCache("test", 8, trust_seconds=1.0)
    copies.put("story:1", "token", now=100.0)
    assert copies.get("story:1", now=100.0) == "token"
    assert copies.get("story:1", now=100.99) == "token"
    assert copies.get("story:1", now=101.0) is MISS
    assert copies.get("story:1", now=101.0, default=None) is None


def test_a_copy_past_its_trust_may_be_checked_and_is_then_trusted_as_long_again():
    copies = ProcessCache("test", 8, trust_seconds=1.0)
    copies.put("page", "bytes", now=100.0)
    assert copies.get("page", now=102.0) is MISS
    # Not to serve: to check against the shared source, then put back.
    assert copies.peek("page") == "bytes"
    copies.put("page", "bytes", now=102.0)
    assert copies.get("page", now=102.5) == "bytes"
    assert copies.get("page", now=103.0) is MISS


def test_the_clock_is_read_when_now_is_left_out():
    moments = iter([100.0, 100.5, 101.5])
    copies = ProcessCache("test", 8, trust_seconds=1.0, clock=lambda: next(moments))
    copies.put("block:0", {5: 1})
    assert copies.get("block:0") == {5: 1}
    assert copies.get("block:0") is MISS


def test_many_copies_are_read_at_once_and_only_the_trusted_ones_come_back():
    copies = ProcessCache("test", 8, trust_seconds=1.0)
    copies.put_many({"a": 1, "b": 2}, now=100.0)
    copies.put("c", 3, now=101.0)
    assert copies.get_many(["a", "b", "c", "d"], now=101.5) == {"c": 3}
    assert copies.get_many(["a", "b", "c"], now=100.5) == {"a": 1, "b": 2, "c": 3}


def test_without_trust_seconds_a_copy_is_kept_until_it_is_cleared():
    copies = ProcessCache("test", 8)
    copies.put("chrome:ar", "<header>")
    assert copies.get("chrome:ar", now=10**9) == "<header>"
    copies.clear()
    assert copies.get("chrome:ar") is MISS


def test_a_copy_may_be_none():
    copies = ProcessCache("test", 8)
    copies.put("nothing", None)
    assert copies.get("nothing") is None
    assert copies.get("other") is MISS


def test_the_size_bound_evicts_the_least_recently_used_copy():
    copies = ProcessCache("test", 2, trust_seconds=10.0)
    copies.put("a", 1, now=0.0)
    copies.put("b", 2, now=0.0)
    assert copies.get("a", now=1.0) == 1
    copies.put("c", 3, now=1.0)
    assert len(copies) == 2
    assert copies.get("b", now=1.0) is MISS
    assert (copies.get("a", now=1.0), copies.get("c", now=1.0)) == (1, 3)
    copies.put_many({"d": 4, "e": 5}, now=1.0)
    assert len(copies) == 2 and copies.get_many(["a", "c", "d", "e"], now=1.0) == {"d": 4, "e": 5}


def test_a_change_made_in_this_process_clears_its_copies_at_once():
    copies = ProcessCache("test", 8, trust_seconds=1.0)
    copies.put("story:1", "old", now=100.0)
    copies.clear()
    assert copies.get("story:1", now=100.0) is MISS and copies.peek("story:1") is MISS


def test_nothing_is_kept_while_bypassed():
    beside = [True]
    copies = ProcessCache("test", 8, trust_seconds=1.0, bypass=lambda: beside[0])
    copies.put("page", "bytes", now=100.0)
    copies.put_many({"other": "bytes"}, now=100.0)
    assert len(copies) == 0
    beside[0] = False
    copies.put("page", "bytes", now=100.0)
    assert copies.get("page", now=100.0) == "bytes"


def test_a_change_of_settings_forgets_every_copy_and_registered_lru_cache():
    calls = []

    @localcache.register
    @lru_cache(maxsize=4)
    def worked_out(value):
        calls.append(value)
        return value

    copies = ProcessCache("test", 8)
    copies.put("key", "value")
    worked_out(1)
    worked_out(1)
    with override_settings(SITE_ID=2):
        assert copies.get("key") is MISS
        worked_out(1)
    assert calls == [1, 1]


def test_forget_all_reaches_every_copy_the_site_keeps():
    pagecache._nearby_fragments.put("pagecache:fragment:test", (10**10, "box"))
    pagecache.versions_for("/")
    addresses.asset("css/site.css")
    beacon.beacon_path()
    localcache.forget_all()
    assert len(pagecache._nearby_fragments) == 0
    for function in (pagecache.versions_for, addresses.asset, addresses.media, chrome._drawn, beacon.beacon_path):
        assert function.cache_info().currsize == 0, function


def test_the_module_imports_only_django_and_the_standard_library():
    tree = ast.parse(Path(localcache.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    roots = {name.split(".")[0] for name in imported}
    assert roots - sys.stdlib_module_names == {"django"}
