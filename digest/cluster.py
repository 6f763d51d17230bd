"""Near-duplicate clustering: the same news from several sources becomes one cluster.

How it works, and why it stays sub-quadratic:

1. Each story's title and lede become a set of one-word *shingles*: its content
   words (lower-cased, stop words dropped, a plural ``s`` trimmed). Outlets
   rewrite each other's sentences, so longer shingles rarely survive; the words
   that do are the facts they share (names, places, figures: ``2.9``, ``48.2m``).
   Words common across the batch are left out of the signatures (see
   ``_distinctive_limit``).
2. Shingles are hashed with CRC-32 (stable across runs, unlike ``hash()``), and
   every story gets a MinHash signature of ``NUM_PERM`` values computed with
   numpy in one array operation per block of stories.
3. LSH banding (32 bands of 2 rows) puts stories whose signatures agree on a whole band in the same
   bucket; only pairs sharing a bucket are compared, so the work grows with the
   number of stories, not with its square. (Below ``exact_below`` stories,
   a usual week for one newsletter, every pair is simply compared.)
4. Each candidate pair is checked on the exact (full) sets: it joins when the overlap
   coefficient of the two sets is high enough (see ``ClusterSettings``). A
   shared topic alone (``flood``, ``council``) is far below that, so different
   stories about one topic stay apart.
5. Union-find turns the accepted pairs into clusters.
"""

from __future__ import annotations

import gc
import re
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain

import numpy as np

NUM_PERM = 64
BAND_ROWS = 2
# Permutations are multiply-shift hashes: (a*x + b) mod 2**64 (numpy's uint64
# arithmetic wraps, which is that modulo for free), keeping the high 32 bits.
_SHIFT = np.uint64(32)
# A word in more than this share of the batch (and more than COMMON_FLOOR stories)
# is too common to say two stories are the same news.
COMMON_SHARE = 0.001
COMMON_FLOOR = 12
_BLOCK_VALUES = 65_536  # hashes per numpy block: ~32 MB of NUM_PERM x uint64

_WORD = re.compile(r"[a-z0-9£$€]+(?:[.,'][a-z0-9]+)*")
STOP_WORDS = frozenset(
    """a about after again against all also an and any are as at be because been before being
    between both but by can could did do does doing down during each few for from further had has
    have having he her here hers him his how i if in into is it its itself just more most my new no
    nor not now of off on once only or other our out over own said same says she should so some
    such than that the their them then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your week year
    years day today yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday
    first last one two three""".split()
)


@dataclass(frozen=True, slots=True)
class ClusterSettings:
    """How close two stories must be to count as the same news.

    ``min_overlap`` is |A∩B| / min(|A|, |B|) on the shingle sets: the share of
    the smaller story that the other one repeats. ``min_shared`` is an absolute
    floor so two very short texts cannot match on two words.
    """

    min_overlap: float = 0.3
    min_shared: int = 6
    # Below this many stories every pair is compared exactly: cheaper than hashing
    # at that size, and it cannot miss a pair the way LSH's sampling can.
    exact_below: int = 500


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


# Raw word -> (content word, its hash), or None for a stop word. News vocabularies
# repeat heavily, so memoising turns stemming and hashing into one dict lookup.
_WORD_CACHE: dict[str, tuple[str, int] | None] = {}
_WORD_CACHE_LIMIT = 1_000_000


def _lookup(raw: str) -> tuple[str, int] | None:
    found = _WORD_CACHE.get(raw, False)
    if found is not False:
        return found  # type: ignore[return-value]
    word = raw.rstrip(".,'")
    entry = None
    if word not in STOP_WORDS and len(word) > 1:
        word = _stem(word)
        entry = (word, zlib.crc32(word.encode("utf-8")))
    if len(_WORD_CACHE) >= _WORD_CACHE_LIMIT:
        _WORD_CACHE.clear()
    _WORD_CACHE[raw] = entry
    return entry


def _raw_words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def content_words(text: str) -> list[str]:
    """The words that carry meaning, in order: what shingles and topic similarity use."""
    return [entry[0] for entry in map(_lookup, _raw_words(text)) if entry is not None]


_HASHES: dict[str, int] = {}  # raw word -> hash of its content word, -1 for a stop word


def shingles(text: str) -> set[int]:
    """The stable hashes of a text's content words (one-word shingles)."""
    raw = set(_raw_words(text))
    hashes = _HASHES
    for word in [w for w in raw if w not in hashes]:
        if len(hashes) >= _WORD_CACHE_LIMIT:
            hashes.clear()
        entry = _lookup(word)
        hashes[word] = entry[1] if entry is not None else -1
    found = {hashes[w] for w in raw}
    found.discard(-1)
    return found


def _permutations(count: int) -> tuple[np.ndarray, np.ndarray]:
    # Fixed seed: signatures (and so clusters) are the same on every run.
    rng = np.random.default_rng(20261123)
    a = rng.integers(1, 2**63, size=count, dtype=np.uint64) | np.uint64(1)  # odd multipliers
    b = rng.integers(0, 2**63, size=count, dtype=np.uint64)
    return a, b


_A, _B = _permutations(NUM_PERM)


def minhash_signatures(sets: Sequence[set[int]], common_above: int | None = None) -> np.ndarray:
    """One row of ``NUM_PERM`` minimum hashes per set; empty sets get a row of max values.

    With ``common_above``, hashes found in more sets than that are left out first
    (see ``_distinctive_limit``). All the work is numpy over one flat array.
    """
    count = len(sets)
    signatures = np.full((count, NUM_PERM), np.iinfo(np.uint64).max, dtype=np.uint64)
    sizes = np.fromiter(map(len, sets), dtype=np.int64, count=count)
    flat = np.fromiter(chain.from_iterable(sets), dtype=np.uint64, count=int(sizes.sum()))
    if common_above is not None and flat.size:
        _, inverse, frequency = np.unique(flat, return_inverse=True, return_counts=True)
        owner = np.repeat(np.arange(count), sizes)
        keep = frequency[inverse] <= common_above
        flat = flat[keep]
        sizes = np.bincount(owner[keep], minlength=count)
    ends = np.cumsum(sizes)
    begins = ends - sizes
    story = 0
    while story < count:
        # As many stories as fit in _BLOCK_VALUES hashes (at least one), to bound memory.
        last = int(np.searchsorted(ends, begins[story] + _BLOCK_VALUES, side="right"))
        last = max(last, story + 1)
        block = np.arange(story, last)
        filled = block[sizes[block] > 0]
        if filled.size:
            values = flat[begins[story] : ends[last - 1]]
            hashed = (values[None, :] * _A[:, None] + _B[:, None]) >> _SHIFT
            offsets = begins[filled] - begins[story]
            signatures[filled] = np.minimum.reduceat(hashed, offsets, axis=1).T
        story = last
    return signatures


def _candidate_pairs(signatures: np.ndarray, usable: np.ndarray) -> np.ndarray:
    """Pairs (first < second) of rows that agree on a whole band, as an (m, 2) array.

    All bands are keyed and sorted at once. Inside a bucket each member is paired
    with the bucket's first member and with its neighbour: that links every
    bucket (union-find does the rest) without going quadratic in a big bucket.
    """
    rows = np.flatnonzero(usable)
    if rows.size < 2:
        return np.empty((0, 2), dtype=np.int64)
    bands = NUM_PERM // BAND_ROWS
    folded = signatures[rows].reshape(rows.size, bands, BAND_ROWS)
    keys = folded[:, :, 0].copy()
    for column in range(1, BAND_ROWS):
        keys = keys * np.uint64(1_000_003) ^ folded[:, :, column]
    # Different bands must never share a bucket: salt each band's keys.
    keys ^= np.arange(bands, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    flat_keys = keys.ravel()
    owners = np.repeat(rows, bands)
    order = np.argsort(flat_keys, kind="stable")
    sorted_keys, sorted_owners = flat_keys[order], owners[order]
    same_as_previous = np.r_[False, sorted_keys[1:] == sorted_keys[:-1]]
    heads = np.maximum.accumulate(np.where(same_as_previous, 0, np.arange(sorted_keys.size)))
    members = np.flatnonzero(same_as_previous)
    firsts = np.concatenate((sorted_owners[heads[members]], sorted_owners[members - 1]))
    seconds = np.concatenate((sorted_owners[members], sorted_owners[members]))
    low, high = np.minimum(firsts, seconds), np.maximum(firsts, seconds)
    keep = low != high
    codes = np.unique(low[keep].astype(np.int64) * signatures.shape[0] + high[keep])
    return np.stack((codes // signatures.shape[0], codes % signatures.shape[0]), axis=1)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Clustering allocates hundreds of thousands of small sets and tuples, none in
    reference cycles; pausing the cyclic collector saves it rescanning them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, first: int, second: int) -> None:
        root_first, root_second = self.find(first), self.find(second)
        if root_first != root_second:
            # The smaller index becomes the root, so results never depend on pair order.
            low, high = sorted((root_first, root_second))
            self.parent[high] = low


def _distinctive_limit(count: int) -> int:
    """Signatures leave out words found in more stories than this (``council``,
    ``riverside``) and keep the names, places and figures that outlets covering
    the same news share. That lifts the similarity of true duplicates and sinks
    that of unrelated stories, so LSH buckets stay small."""
    return max(COMMON_FLOOR, int(count * COMMON_SHARE))


def same_news(first: set[int], second: set[int], settings: ClusterSettings) -> bool:
    shared = len(first & second)
    if shared < settings.min_shared:
        return False
    return shared / min(len(first), len(second)) >= settings.min_overlap


def cluster_texts(texts: Sequence[str], settings: ClusterSettings | None = None) -> list[list[int]]:
    """Group texts that tell the same news; returns lists of indexes, each sorted,
    the clusters ordered by their first index. Every index appears exactly once."""
    settings = settings or ClusterSettings()
    sets = [shingles(text) for text in texts]
    return cluster_shingle_sets(sets, settings)


def cluster_shingle_sets(
    sets: Sequence[set[int]], settings: ClusterSettings | None = None
) -> list[list[int]]:
    settings = settings or ClusterSettings()
    usable = np.fromiter((len(s) >= settings.min_shared for s in sets), dtype=bool, count=len(sets))
    if len(sets) < settings.exact_below:
        rows = np.flatnonzero(usable).tolist()
        pairs = [(a, b) for i, a in enumerate(rows) for b in rows[i + 1 :]]
    else:
        signatures = minhash_signatures(sets, _distinctive_limit(len(sets)))
        pairs = _candidate_pairs(signatures, usable).tolist()
    groups = _UnionFind(len(sets))
    for first, second in pairs:
        if groups.find(first) != groups.find(second) and same_news(
            sets[first], sets[second], settings
        ):
            groups.union(first, second)
    clusters: dict[int, list[int]] = {}
    for index in range(len(sets)):
        clusters.setdefault(groups.find(index), []).append(index)
    return sorted(clusters.values(), key=lambda members: members[0])
