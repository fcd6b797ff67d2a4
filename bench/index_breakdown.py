#!/usr/bin/env python3
"""Where the bytes of a Xapian glass index go: each table by what its entries hold.

    bench/index_breakdown.py INDEX [--bahth BAHTH] [--json]

Reads the glass B-tree files of INDEX block by block, not through Xapian, so that every byte is
counted where it lies. The blocks of each table's freelist (as `xapian-check TABLE b` lists it)
are counted as free, not read: an index that was not compacted keeps the blocks its older
revisions left, whose items (metadata rewritten at every run, say) were counted twice before.

- postlist.glass: each item's bytes (key, tag, the item's 7 bytes of framing and its 2-byte
  directory entry) go to the family of its key: a term's posting list chunks to the term's family,
  value stream chunks to their slot, document lengths, value statistics, and the user metadata
  by the name before its first ':' (bahth.champion:TERM -> bahth.champion), bahth's own
  position table (its chunks, one key each) by its terms' family, with the number of keys.
- position.glass: keys are term + docid, so by the term's family.
- termlist.glass: one item per article (its terms, prefix-compressed, then zlib when smaller) and
  one per article for its used value slots. An article's bytes are shared among the families of
  its terms in proportion to their bytes before zlib.
- docdata.glass, spelling.glass, synonym.glass: totals.
Leaf blocks' unused space and the branch blocks are reported per table as "slack".

Families (schema/schema.h): Z stems with positions (free text), ZS title stems, ZXC caption stems,
exact words (no prefix; split by whether the word is its own stem, found with `bahth analyze`
when --bahth is given), XD band terms, Q ids, XF files, XS sections, XO outlets, Y years, XM
months. MB are 10^6 bytes. A figure to read, never pass/fail.
"""
import argparse
import collections
import json
import os
import struct
import subprocess
import sys
import zlib

# Two-byte prefixes of Xapian's own entries in the postlist table (backends/glass).
SPECIAL_KEYS = {0xC0: "metadata", 0xD0: "value stats", 0xD8: "values", 0xE0: "doc lengths"}
VALUE_SLOTS = {0: "date", 1: "section", 2: "hash", 3: "timestamp", 4: "word count",
               5: "signature", 6: "group key", 7: "outlet", 8: "file"}
PREFIX_FAMILIES = (("XD", "XD band terms"), ("XF", "XF files"), ("XS", "XS sections"),
                   ("XO", "XO outlets"), ("XM", "XM months"), ("XC", "XC caption words"),
                   ("XL", "XL length pad"),
                   ("Q", "Q ids"), ("Y", "Y years"), ("S", "S title words"))


class Family:
    """Classifies terms; exact words split by `same_as_stem` (a set of words) when known."""

    def __init__(self, same_as_stem=None):
        self.same_as_stem = same_as_stem
        self.cache = {}

    def __call__(self, term):
        hit = self.cache.get(term)
        if hit is not None:
            return hit
        family = self.classify(term)
        if len(self.cache) < 4_000_000:
            self.cache[term] = family
        return family

    def classify(self, term):
        for prefix, name in (("ZXC", "ZXC caption stems"), ("ZS", "ZS title stems"),
                             ("Z", "Z stems")) + PREFIX_FAMILIES:
            if term.startswith(prefix.encode()):
                return name
        if self.same_as_stem is None:
            return "exact words"
        return "exact words = stem" if term in self.same_as_stem else "exact words != stem"


def blocks(path, block_size):
    with open(path, "rb") as f:
        while True:
            b = f.read(block_size)
            if len(b) < block_size:
                return
            yield b


def items(block):
    """(key, tag bytes, item bytes incl. directory entry, compressed, first, last, component
    number) of a leaf.

    Xapian 1.4's glass leaf item: I (2 bytes: size - 3, and flags compressed / last / first
    component in its top bits), K (1 byte: key length), the key, X (2 bytes: component number,
    left out of a tag's first component), the tag."""
    dir_end = struct.unpack_from(">H", block, 9)[0]
    for d in range(11, dir_end, 2):
        c = struct.unpack_from(">H", block, d)[0]
        i = struct.unpack_from(">H", block, c)[0]
        size = (i & 0x1FFF) + 3
        compressed, last, first = bool(i & 0x8000), bool(i & 0x4000), bool(i & 0x2000)
        klen = block[c + 2]
        key = block[c + 3:c + 3 + klen]
        number = 1 if first else struct.unpack_from(">H", block, c + 3 + klen)[0]
        start = c + 3 + klen + (0 if first else 2)
        yield key, block[start:c + size], size + 2, compressed, first, last, number


def free_blocks(path):
    """The block numbers of the table at `path` that its current revision does not use."""
    try:
        out = subprocess.run(["xapian-check", path, "b"], capture_output=True, check=True,
                             text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"{path}: cannot list its free blocks ({e}); counting every block", file=sys.stderr)
        return set()
    for line in out.splitlines():
        if line.startswith("Freelist:"):
            # "Freelist: 9383 9713 ..." or, with no block free, "Freelist: empty".
            return {int(n) for n in line.split()[1:] if n.isdigit()}
    return set()


def leaf_items(path, block_size, totals):
    """Yields the items of every leaf block in use; counts slack, free and branch blocks in
    `totals`."""
    free = free_blocks(path)
    for number, b in enumerate(blocks(path, block_size)):
        level = b[4]
        if level == 254 or number in free:  # the freelist, or a block it lists
            totals["free blocks"] += block_size
            continue
        if level != 0:
            totals["branch blocks"] += block_size
            continue
        used = 0
        for it in items(b):
            used += it[2]
            yield it
        totals["block headers and unused space"] += block_size - used


def split_term_key(key):
    """The term of a 'term \\0 docid' key (glass pack_string_preserving_sort, not last)."""
    out = bytearray()
    i = 0
    while i < len(key):
        ch = key[i]
        if ch == 0:
            if i + 1 < len(key) and key[i + 1] == 0xFF:
                out.append(0)
                i += 2
                continue
            return bytes(out), i + 1
        out.append(ch)
        i += 1
    return bytes(out), i


def metadata_group(name, family):
    """The group of a user metadata key: bahth's own position table (schema/position_table.h:
    "\\x01" + generation + term + "\\0" + docid) by its terms' family, a first build's position
    batches, else the key's name before its first ':' (bahth.champion:TERM -> bahth.champion)."""
    if name[:1] == b"\x01":
        if name[1:2] == b"b":
            return "metadata position batches"
        return "metadata positions, " + family(name[2:].split(b"\0", 1)[0])
    return "metadata " + name.split(b":", 1)[0].decode("utf-8", "replace")


def postlist_family(key, family):
    if key[:1] == b"\x00":
        kind = SPECIAL_KEYS.get(key[1], "other special")
        if kind == "values":
            slot = key[2]
            return "value slot %d (%s)" % (slot, VALUE_SLOTS.get(slot, "?"))
        if kind == "metadata":
            return metadata_group(key[2:], family)
        return kind
    term, _ = split_term_key(key)
    return family(term)


def termlist_terms(data):
    """(term, bytes it takes in the uncompressed termlist) of one article's termlist."""
    pos = 0

    def uint():
        nonlocal pos
        value, shift = 0, 0
        while True:
            b = data[pos]
            pos += 1
            value |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                return value

    if not data:
        return
    uint()  # doclen
    uint()  # termlist size
    current = b""
    while pos < len(data):
        start = pos
        wdf_in_reuse = False
        if current:
            reuse = data[pos]
            pos += 1
            if reuse > len(current):
                wdf_in_reuse = True
                reuse %= len(current) + 1
            current = current[:reuse]
        append = data[pos]
        pos += 1
        current = current + bytes(data[pos:pos + append])
        pos += append
        if not wdf_in_reuse:
            uint()
        yield current, pos - start


def inflate(tag):
    return zlib.decompressobj(-15).decompress(tag)


def analyse(index, same_as_stem):
    family = Family(same_as_stem)
    block_size = 8192
    report = collections.OrderedDict()
    counts = collections.Counter()  # (table, family) -> items or (term, doc) pairs

    # postlist: sum each key's items (a long posting list is several chunks, each its own key).
    table = collections.Counter()
    path = os.path.join(index, "postlist.glass")
    for key, tag, nbytes, _c, first, _n, _i in leaf_items(path, block_size, table):
        name = postlist_family(key, family)
        table[name] += nbytes
        if first and name.startswith("metadata"):
            counts[("postlist", name)] += 1  # keys (a long value is several items)
    report["postlist"] = table

    # position: one item per (term, article).
    table = collections.Counter()
    path = os.path.join(index, "position.glass")
    # Absent from an index `bahth compact` gave bahth's own position table (in the metadata).
    for key, tag, nbytes, _c, _x, _n, _i in (leaf_items(path, block_size, table)
                                         if os.path.exists(path) else ()):
        term, _ = split_term_key(key)
        name = family(term)
        table[name] += nbytes
        counts[("position", name)] += 1
    report["position"] = table

    # termlist: an article's termlist may span several items (components); gather them by key
    # and component number (an index that was not compacted has its blocks out of key order).
    table = collections.Counter()
    path = os.path.join(index, "termlist.glass")
    gathered = {}  # key -> [components {number: tag}, bytes, compressed]

    def flush(pending_key, components, pending_bytes, pending_compressed):
        if pending_key.endswith(b"\x00") and len(pending_key) >= 3:
            table["slots used"] += pending_bytes
            return
        data = b"".join(components[n] for n in sorted(components))
        if pending_compressed:
            data = inflate(data)
        shares = collections.Counter()
        for term, nbytes in termlist_terms(data):
            name = family(term)
            shares[name] += nbytes
            counts[("termlist", name)] += 1
        total = sum(shares.values()) or 1
        for name, nbytes in shares.items():
            table[name] += pending_bytes * nbytes / total

    for key, tag, nbytes, compressed, first, _last, number in leaf_items(path, block_size,
                                                                         table):
        entry = gathered.setdefault(key, [{}, 0, False])
        entry[0][number] = tag
        entry[1] += nbytes
        if first:
            entry[2] = compressed
    for key in sorted(gathered):
        flush(key, *gathered[key])
    report["termlist"] = table

    for name in ("docdata", "spelling", "synonym"):
        path = os.path.join(index, name + ".glass")
        if os.path.exists(path):
            report[name] = collections.Counter({"all": os.path.getsize(path)})
    return report, counts


def exact_words_same_as_stem(index, bahth):
    """The unprefixed terms of INDEX (read from its posting lists' keys) that `bahth analyze`
    stems to themselves."""
    vocabulary = set()
    path = os.path.join(index, "postlist.glass")
    for key, _tag, _n, _c, first, _l, _i in leaf_items(path, 8192, collections.Counter()):
        if first and key[:1] != b"\x00" and not key[:1].isupper():
            term, _ = split_term_key(key)
            vocabulary.add(term)
    vocabulary = sorted(vocabulary)
    analysed = subprocess.run([bahth, "analyze", "--json"], input=b"\n".join(vocabulary) + b"\n",
                              capture_output=True, check=True).stdout.split(b"\n")
    same = set()
    for word, line in zip(vocabulary, analysed):
        tokens = json.loads(line).get("tokens", [])
        if len(tokens) == 1 and tokens[0]["stem"].encode() == word:
            same.add(word)
    print(f"{len(same):,} of {len(vocabulary):,} exact words are their own stem", file=sys.stderr)
    return same


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("index")
    parser.add_argument("--bahth", help="split exact words by whether they are their own stem")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    same = exact_words_same_as_stem(args.index, args.bahth) if args.bahth else None
    report, counts = analyse(args.index, same)
    if args.json:
        json.dump({t: dict(c) for t, c in report.items()}, sys.stdout, indent=1)
        return
    grand = sum(sum(c.values()) for c in report.values())
    print("%-36s %10s %7s %12s" % ("table / family", "MB", "share", "entries"))
    for table, families in report.items():
        total = sum(families.values())
        print("%-36s %10.2f %6.1f%%" % (table, total / 1e6, 100 * total / grand))
        for name, nbytes in families.most_common():
            n = counts.get((table, name))
            print("  %-34s %10.2f %6.1f%% %12s" % (name, nbytes / 1e6, 100 * nbytes / grand,
                                                   "" if n is None else f"{n:,}"))
    print("%-36s %10.2f" % ("all", grand / 1e6))


if __name__ == "__main__":
    main()
