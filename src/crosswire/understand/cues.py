"""Word lists that signal attribution, denial, hedging and author opinion.

The verb list follows the reporting and attitude verbs of the attribution
corpora (PARC 3.0, Pareti 2016; PolNeAR, Newell et al. 2018): speech
(say, tell, add), claims (claim, argue, insist), reports (report, reveal),
attitudes (believe, think, fear) and evaluations (accuse, criticise).
Lemmas are spaCy's (en_core_web_sm) lower-cased lemmas.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

CueMode = Literal["clause", "object", "noun"]
LEXICON_FILE = "attribution_cues.json"

# Verbs whose clausal complement (ccomp / xcomp) is attributed content.
SPEECH_VERBS: frozenset[str] = frozenset(
    """
    say tell add note insist warn claim deny argue report explain write state
    announce acknowledge admit confirm reveal suggest allege contend maintain
    declare assert stress emphasize emphasise predict promise pledge vow
    reply respond answer ask recall tweet post testify complain concede
    boast brag joke quip scream shout yell cry chant whisper mutter remark
    comment observe point indicate estimate disclose inform assure reassure
    caution threaten urge demand propose recommend repeat reiterate continue
    counter retort rebut dispute acknowledge signal hint imply mention
    question wonder speculate charge accuse blame criticize criticise
    condemn praise describe call dub label brand term characterize
    characterise cite quote detail outline agree disagree decline refuse
    refute reject dismiss challenge rule conclude find show prove
    demonstrate document determine learn discover decide plan intend
    want hope expect fear worry believe think feel know understand
    assume guess suspect doubt consider reckon figure imagine see
    read sing testify lament concede acknowledge insinuate
    """.split()
)

# Of the verbs above, those that report what someone thinks rather than says;
# they count for PolNeAR but a claim they introduce is softer.
BELIEF_VERBS: frozenset[str] = frozenset(
    "believe think feel know understand assume guess suspect doubt consider "
    "reckon figure imagine hope expect fear worry want see".split()
)

# Verbs whose direct object is attributed content ("accused the U.S. of ...",
# "called the action 'barbaric'", "mentioned the devil").
OBJECT_CUE_VERBS: frozenset[str] = frozenset(
    """
    accuse blame criticize criticise condemn praise describe call dub label
    brand term characterize characterise cite mention deny reject dismiss
    refute dispute question challenge support back endorse oppose propose
    recommend demand urge announce reveal disclose confirm acknowledge admit
    predict promise pledge vow estimate put warn tweet discuss defend
    """.split()
)

# Verbs whose content is the object of a preposition ("called for a ban",
# "referred to him as"): the cue is the verb with its preposition. The
# common ones in PolNeAR train whose source annotators mark as such.
PREPOSITIONAL_VERB_CUES: frozenset[str] = frozenset(
    {
        "call for", "refer to", "push for", "press for", "rail against", "comment on", "speak about",
        "speak of", "talk about", "warn of", "complain about", "boast of", "write about", "side with",
        "respond to", "advocate for", "argue for", "say about", "say of", "joke about", "lash at",
        "elaborate on", "touch on", "agree with", "campaign against",
    }
)

# Nouns that carry attributed content in a "that" clause or an "of" phrase.
NOUN_CUES: frozenset[str] = frozenset(
    """
    report claim allegation statement assertion belief suggestion warning
    denial accusation rumor rumour word view argument insistence promise
    pledge assurance admission announcement prediction estimate fear hope
    charge testimony speculation indication sign evidence
    """.split()
)

DENIAL_VERBS: frozenset[str] = frozenset("deny reject dismiss refute dispute rebut".split())

# Phrases in an attributed clause that deny the content ("had nothing to do with").
DENIAL_PHRASES: tuple[str, ...] = (
    "nothing to do with",
    "not involved",
    "no involvement",
    "no part in",
    "no role in",
    "not responsible",
    "no connection",
    "was not behind",
    "were not behind",
    "is not behind",
    "are not behind",
    "false",
    "fake news",
    "baseless",
    "untrue",
    "never happened",
    "did not happen",
    "didn't happen",
)

# Words that make a claim tentative ("unconfirmed reports", "may have been").
HEDGE_WORDS: frozenset[str] = frozenset(
    """
    unconfirmed reportedly allegedly apparently purportedly supposedly
    possibly probably perhaps maybe likely unlikely seemingly presumably
    unverified alleged purported rumored rumoured suspected
    """.split()
)
HEDGE_MODALS: frozenset[str] = frozenset("may might could".split())
HEDGE_PHRASES: tuple[str, ...] = (
    "it is believed",
    "is believed to",
    "are believed to",
    "is thought to",
    "are thought to",
    "it is thought",
    "is said to",
    "are said to",
    "is reported to",
    "are reported to",
    "appears to",
    "appear to",
    "seems to",
    "seem to",
    "may have",
    "might have",
    "could have",
    "not clear",
    "unclear",
)

# First-person markers and phrases with which an author gives an opinion.
OPINION_PHRASES: tuple[str, ...] = (
    "my guess",
    "my question",
    "my view",
    "my opinion",
    "in my view",
    "i think",
    "i believe",
    "i suspect",
    "i doubt",
    "i guess",
    "i bet",
    "i wonder",
    "we think",
    "we believe",
    "needless to say",
    "of course",
    "clearly",
    "obviously",
    "sounds like",
    "it seems",
    "frankly",
    "honestly",
    "to be sure",
    "no doubt",
    "undoubtedly",
    "make no mistake",
)
SPECULATION_PHRASES: tuple[str, ...] = (
    "my guess",
    "perhaps",
    "maybe",
    "are about to",
    "is about to",
    "if ",
    "probably",
    "likely",
)


@dataclass(frozen=True, slots=True)
class CueLexicon:
    """Which lemmas act as cues, per way of carrying content.

    "clause": a verb with a clausal complement ("said that ..."); "object":
    a verb whose object is the content ("accused the U.S. of ..."); "noun":
    a noun with a "that" clause ("reports that ..."). `everything` accepts
    any word, which is how candidate cues are collected for learning.
    """

    clause: frozenset[str] = frozenset()
    object: frozenset[str] = frozenset()
    noun: frozenset[str] = frozenset()
    everything: bool = False

    def accepts(self, lemma: str, mode: CueMode) -> bool:
        if self.everything:
            return True
        words: frozenset[str] = getattr(self, mode)
        return lemma in words


HANDMADE = CueLexicon(
    clause=SPEECH_VERBS - BELIEF_VERBS, object=OBJECT_CUE_VERBS | PREPOSITIONAL_VERB_CUES, noun=NOUN_CUES
)


# Raising and aspectual verbs: their subject is no speaker ("Trump appears to
# lead", "she continued to campaign"); on PolNeAR train under 0.3 of the
# source characters they would propose are gold. Plain "put" (not "put the
# toll at", an idiom found apart) likewise.
_RAISING = frozenset({"appear", "seem", "continue"})


@lru_cache(maxsize=1)
def default_lexicon() -> CueLexicon:
    """The hand-made lists joined with the lemmas learned from PolNeAR train (data/attribution_cues.json)."""
    path = resources.files("crosswire.understand").joinpath("data", LEXICON_FILE)
    if not path.is_file():
        return HANDMADE
    learned = json.loads(path.read_text(encoding="utf-8"))
    return CueLexicon(
        clause=(HANDMADE.clause | frozenset(learned.get("clause", []))) - _RAISING,
        object=(HANDMADE.object | frozenset(learned.get("object", []))) - _RAISING - {"put"},
        noun=HANDMADE.noun | frozenset(learned.get("noun", [])),
    )


# Verbs that are not reports when they introduce a clause in news prose
# ("forces found that ...", "decided to ...", "wanted to ...").
_NOT_REPORTING = frozenset(
    "find show prove demonstrate determine learn discover decide plan intend continue read sing rule "
    "see agree disagree refuse decline figure imagine want hope expect".split()
)

# The stricter lexicon for classifying claims: speech and communication
# only, so that "forces attacked the base" never becomes an attribution.
CLAIM_LEXICON = CueLexicon(
    clause=SPEECH_VERBS - BELIEF_VERBS - _NOT_REPORTING,
    object=OBJECT_CUE_VERBS - frozenset("support back endorse oppose put discuss defend propose recommend".split()),
    noun=NOUN_CUES,
)
