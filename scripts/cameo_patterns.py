"""The CAMEO verb-pattern dictionary as weak labels: which PLOVER type a parsed verb reports.

Reads PETRARCH2's ``CAMEO.2.0.txt`` (Open Event Data Alliance, MIT licence;
``../shared/data/phoenix/``; format in its ``dictionaries-format.rst``): the
synonym sets (``&NAME`` with ``+`` lines), the verb blocks (``--- NAME [code]
---``, then verbs, then ``- pre * post [code]`` patterns). ``VerbPatterns.code``
gives, for a spaCy verb token, the CAMEO code of the most specific pattern
whose words are found among the verb's arguments, else the block's (or the
verb's own) default code; ``plover_type`` maps it to PLOVER with the README
table (01/02 dropped: no event).

This is a training-time helper of ``scripts/train_events.py`` (weak labels
over unlabelled news); the package never reads the dictionary at run time.
The matching is simpler than PETRARCH2's: an element of a pattern matches when
its head word is a lemma (or lowercase form) in the verb's argument phrases
(subject side for words before ``*``, the rest for words after it);
``(PREP X)`` needs a prepositional dependent ``PREP`` with ``X`` under it.
Actor markers (``$ + ^ %``) and transformations (``~``) are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
CODE = re.compile(r"\[([0-9]{2,4}|---)(?::[0-9]{2,4})?\]")
# Dependencies whose subtrees hold a verb's post-verb arguments.
POST_DEPS = frozenset(
    {"dobj", "attr", "dative", "prt", "nsubjpass", "acomp", "oprd", "npadvmod", "advmod", "prep"}
)
# Dependencies holding its pre-verb arguments (the subject side).
PRE_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "agent"})
MARKERS = frozenset({"$", "+", "^", "%", "*", "_"})


@dataclass(frozen=True)
class Pattern:
    pre: tuple[tuple[str, ...], ...]  # each element: the alternatives of its head word
    post: tuple[tuple[str, ...], ...]
    preps: tuple[tuple[str, tuple[str, ...]], ...]  # (preposition, head alternatives or ())
    code: str

    @property
    def size(self) -> int:
        return len(self.pre) + len(self.post) + 2 * len(self.preps)


@dataclass
class Block:
    name: str
    code: str  # default code of the block ("---": no event alone)
    patterns: list[Pattern] = field(default_factory=list)


@dataclass
class VerbPatterns:
    """Verb lemma (or "lemma particle") -> (block, the verb's own default code)."""

    verbs: dict[str, tuple[Block, str]]

    def code(self, tok: Any) -> str | None:
        """The CAMEO code a parsed verb token gets, or None (not in the dictionary)."""
        return self.match(tok)[0]

    def match(self, tok: Any) -> tuple[str | None, bool]:
        """(code, whether a pattern gave it rather than the verb's default)."""
        lemma = tok.lemma_.lower()
        keys = [f"{lemma} {c.lower_}" for c in tok.children if c.dep_ == "prt"] + [lemma]
        entry = next((self.verbs[k] for k in keys if k in self.verbs), None)
        if entry is None:
            return None, False
        block, own = entry
        pre, post, preps = _argument_words(tok)
        best: Pattern | None = None
        for pat in block.patterns:
            if (best is None or pat.size > best.size) and _matches(pat, pre, post, preps):
                best = pat
        if best is not None:
            return best.code, True
        return own, False


def _argument_words(tok: Any) -> tuple[set[str], set[str], dict[str, set[str]]]:
    pre: set[str] = set()
    post: set[str] = set()
    preps: dict[str, set[str]] = {}
    for child in tok.children:
        words = {w for t in child.subtree for w in (t.lemma_.lower(), t.lower_)}
        if child.dep_ in PRE_DEPS:
            pre |= words
        if child.dep_ in POST_DEPS:
            post |= words
        if child.dep_ in ("prep", "agent", "dative"):
            preps.setdefault(child.lower_, set()).update(words)
    return pre, post, preps


def _matches(pat: Pattern, pre: set[str], post: set[str], preps: dict[str, set[str]]) -> bool:
    if not all(pre & set(alts) for alts in pat.pre):
        return False
    if not all(post & set(alts) for alts in pat.post):
        return False
    for prep, alts in pat.preps:
        under = preps.get(prep)
        if under is None or (alts and not under & set(alts)):
            return False
    return True


def _plurals(word: str) -> list[str]:
    if word.endswith("_"):
        return [word.rstrip("_")]
    if word.endswith("y"):
        return [word, word[:-1] + "ies"]
    if word.endswith("ss"):
        return [word, word + "es"]
    return [word, word + "s"]


def _head_forms(element: str, synsets: dict[str, tuple[str, ...]]) -> tuple[str, ...] | None:
    """The alternatives of an element's head word: a word, a &SYNSET or a {PHRASE}."""
    words = [w for w in element.strip("{}").split() if w not in MARKERS]
    if not words:
        return None
    head = words[-1]
    if head.startswith("&"):
        return synsets.get(head[1:].upper())
    head = head.lower()
    if not re.fullmatch(r"[a-z][a-z'\-_]*", head):
        return None
    return tuple(_plurals(head))


_ELEMENT = re.compile(r"\([^)]*\)|\{[^}]*\}|\S+")


def _pattern(body: str, code: str, synsets: dict[str, tuple[str, ...]]) -> Pattern | None:
    if "*" not in body:
        return None
    before, after = body.split("*", 1)
    pre: list[tuple[str, ...]] = []
    post: list[tuple[str, ...]] = []
    preps: list[tuple[str, tuple[str, ...]]] = []
    for side, text in ((pre, before), (post, after)):
        for element in _ELEMENT.findall(text):
            if element in MARKERS:
                continue
            if element.startswith("("):
                inner = element.strip("()").split(None, 1)
                if not inner:
                    continue
                rest = inner[1] if len(inner) > 1 else ""
                forms = _head_forms(rest, synsets) if rest.strip(" $+^%") else ()
                if forms is None:
                    return None  # an undefined synset: PETRARCH2 ignores the pattern
                preps.append((inner[0].lower(), forms))
                continue
            forms = _head_forms(element, synsets)
            if forms is None:
                if "&" in element:
                    return None
                continue
            side.append(forms)
    if not (pre or post or preps):
        return None  # markers only: the block's default says as much
    return Pattern(tuple(pre), tuple(post), tuple(preps), code)


def _synsets(lines: list[str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    name = None
    for line in lines:
        line = line.split("#", 1)[0].rstrip()
        if line.startswith("####### VERB PATTERNS"):
            break
        if line.startswith("&"):
            name = line[1:].strip().upper()
            out[name] = []
        elif line.startswith("+") and name is not None:
            phrase = line[1:].strip().lower()
            head = phrase.replace("_", " ").split()[-1] if phrase.strip("_") else ""
            if head:
                forms = _plurals(head + "_") if name.endswith("_") or phrase.endswith("_") else None
                out[name].extend(forms or _plurals(head))
        elif not line.strip():
            continue
        else:
            name = None
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items() if v}


def _verb_lemma(line: str) -> tuple[str, str | None] | None:
    """'ATTACK {ATTACKS ...} [190]' -> ('attack', '190'); '+CALL_OFF' -> ('call off', None)."""
    text = line.split("#", 1)[0]
    code_match = CODE.search(text)
    own = code_match.group(1) if code_match else None
    word = text.split("{", 1)[0].split("[", 1)[0].strip()
    if not word or word.startswith(("-", "&", "~")):
        return None
    parts = word.lower().split("_")
    marked = [p for p in parts if p.startswith("+")]
    if marked:
        verb = marked[0].lstrip("+")
        rest = [p.lstrip("+") for p in parts if p is not marked[0]]
        if parts[0] is not marked[0]:
            return None  # pre-compounded verbs ("wire +tap"): the parse rarely has them
        word = " ".join([verb, *rest])
    else:
        word = " ".join(parts)
    if not re.fullmatch(r"[a-z][a-z\- ]*", word):
        return None
    return word, own


def load(path: str | Path) -> VerbPatterns:
    lines = Path(path).read_text("utf-8", errors="replace").splitlines()
    synsets = _synsets(lines)
    start = next(i for i, ln in enumerate(lines) if ln.startswith("####### VERB PATTERNS"))
    verbs: dict[str, tuple[Block, str]] = {}
    block: Block | None = None
    for line in lines[start + 1 :]:
        header = HEADER.match(line)
        if header:
            block = Block(header.group(1), header.group(2).strip().split(":")[0])
            continue
        if block is None or not line.strip() or line.startswith("~"):
            continue
        if line.startswith("-"):
            body = line[1:].split("#", 1)[0]
            code = CODE.search(body)
            if code is None:
                continue
            pat = _pattern(body[: code.start()], code.group(1), synsets)
            if pat is not None:
                block.patterns.append(pat)
            continue
        verb = _verb_lemma(line)
        if verb is not None:
            verbs.setdefault(verb[0], (block, verb[1] or block.code))
    return VerbPatterns(verbs)


def plover_type(code: str | None, onto: Any) -> str | None:
    """PLOVER type of a CAMEO code (None for no code, ``---``, or 01/02)."""
    if code is None or code == "---":
        return None
    ptype: str | None = onto.type_for_cameo(code)
    return ptype
