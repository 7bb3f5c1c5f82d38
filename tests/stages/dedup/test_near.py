from __future__ import annotations

from newssearcher.dedup import near
from newssearcher.dedup.fingerprints import canonical_url, content_hash

TEXT = " ".join(f"word{i} sentence about the harbour budget vote number {i}" for i in range(30))


def test_near_duplicate_found_and_signature_round_trips():
    index = near.NearDuplicateIndex()
    index.add(1, near.minhash(TEXT))
    index.add(2, near.minhash("completely different text about football and a cup final " * 5))
    copy = near.minhash(TEXT + " Reporting by staff.")
    assert [k for k, _ in index.query(copy)] == [1]
    restored = near.from_bytes(near.to_bytes(copy))
    assert restored.jaccard(copy) == 1.0
    assert index.query(near.minhash("unrelated words only here")) == []


def test_exact_fingerprints():
    assert content_hash("Hello  World\n") == content_hash("hello world")
    assert canonical_url("https://Example.com/a?utm_source=x#top") == canonical_url(
        "https://example.com/a"
    )
    assert canonical_url("ftp://example.com/a") is None
