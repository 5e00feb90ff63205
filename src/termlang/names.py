"""Did-you-mean: the closest known word to a misspelt one, for every stage that suggests."""

from __future__ import annotations

from collections.abc import Sequence

# Past this length a word gets no suggestion: difflib's ratio costs up to the product of the
# two lengths, and 40 misspelt 9,000-character names against 300 such names took 71 s. No one
# types a name this long, so a suggestion for one would not be a typo fix anyway.
SUGGEST_MAX_CHARS = 100


def did_you_mean(word: str, candidates: Sequence[str]) -> str | None:
    """The closest candidate to a misspelt word, if one is close enough.

    Words longer than SUGGEST_MAX_CHARS get none. Candidates more than about twice as long
    as the word never match (difflib's length bound), so each comparison costs at most about
    SUGGEST_MAX_CHARS squared.
    """
    if len(word) > SUGGEST_MAX_CHARS:
        return None
    import difflib  # only when a name is misspelt: a clean `termlang check` never loads it

    # difflib.get_close_matches(word, candidates, n=1, cutoff=0.7), with the same answer (the
    # highest ratio, ties to the greater name) but the costly ratio() computed only while a
    # candidate's upper bound, quick_ratio(), can still beat the best ratio found so far.
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    bounded: list[tuple[float, str]] = []
    for candidate in candidates:
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= _CUTOFF:
            bound = matcher.quick_ratio()
            if bound >= _CUTOFF:
                bounded.append((bound, candidate))
    bounded.sort(reverse=True)
    best: tuple[float, str] | None = None
    for bound, candidate in bounded:
        if best is not None and bound < best[0]:
            break
        matcher.set_seq1(candidate)
        score = matcher.ratio()
        if score >= _CUTOFF and (best is None or (score, candidate) > best):
            best = (score, candidate)
    return best[1] if best is not None else None


_CUTOFF = 0.7
