"""The rules' reference tables, read once when the module is imported: drug–drug interactions
(interactions.csv, shipped beside this file) and allergy classes.

Both are keyed by WHO ATC codes or their prefixes (C09AA: ACE inhibitors; J01C: penicillins),
which every catalogue drug has. A drug matches a key when its ATC code starts with it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from importlib import resources

SEVERITIES = ("contraindicated", "major", "moderate")
# An ATC code or a prefix of one at a level boundary: C, C09, C09A, C09AA, C09AA05.
ATC_PREFIX = re.compile(r"^[A-Z](\d\d([A-Z]([A-Z](\d\d)?)?)?)?$")
ATC_PREFIX_LENGTHS = (1, 3, 4, 5, 7)


@dataclass(frozen=True, slots=True)
class Interaction:
    a: str
    b: str
    severity: str
    zh: str
    en: str


def _load_interactions() -> tuple[Interaction, ...]:
    text = resources.files(__package__).joinpath("interactions.csv").read_text("utf-8")
    rows = tuple(Interaction(r["a"], r["b"], r["severity"], r["zh"], r["en"])
                 for r in csv.DictReader(text.splitlines()))
    for i in rows:
        if not (ATC_PREFIX.match(i.a) and ATC_PREFIX.match(i.b) and i.severity in SEVERITIES
                and i.zh and i.en):
            raise ValueError(f"interactions.csv: a bad row {i}")
    return rows


INTERACTIONS = _load_interactions()


def _index(rows: tuple[Interaction, ...]) -> dict[str, tuple[tuple[str, Interaction], ...]]:
    """Key prefix → (the other side's prefix, the interaction), both ways round: a drug looks up
    its own ATC prefixes and tests the other drug against what it finds."""
    index: dict[str, list[tuple[str, Interaction]]] = {}
    for i in rows:
        index.setdefault(i.a, []).append((i.b, i))
        if i.a != i.b:
            index.setdefault(i.b, []).append((i.a, i))
    return {k: tuple(v) for k, v in index.items()}


INTERACTION_INDEX = _index(INTERACTIONS)


def interactions_between(atc_x: str, atc_y: str) -> list[Interaction]:
    """The table's interactions between a drug coded ``atc_x`` and one coded ``atc_y``."""
    found: list[Interaction] = []
    for n in ATC_PREFIX_LENGTHS:
        for other, interaction in INTERACTION_INDEX.get(atc_x[:n], ()):
            if atc_y.startswith(other) and interaction not in found:
                found.append(interaction)
    return found


# Allergy classes as records write them, Chinese and English, → the ATC prefixes they cover.
# Kept to classes whose members share an ATC group; a cross-reaction between classes (penicillin
# and cephalosporins) is the doctor's and the pharmacist's judgement, not this table's.
_CLASSES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("青霉素", "penicillin", "penicillins"): ("J01C",),
    ("头孢", "头孢菌素", "cephalosporin", "cephalosporins"): ("J01DB", "J01DC", "J01DD", "J01DE"),
    ("碳青霉烯", "carbapenem", "carbapenems"): ("J01DH",),
    ("β-内酰胺", "beta-lactam", "beta-lactams"): ("J01C", "J01D"),
    ("磺胺", "sulfonamide", "sulfonamides", "sulfa"): ("J01E",),
    ("喹诺酮", "氟喹诺酮", "沙星", "quinolone", "quinolones", "fluoroquinolone",
     "fluoroquinolones"): ("J01M",),
    ("大环内酯", "macrolide", "macrolides"): ("J01FA",),
    ("四环素", "tetracycline", "tetracyclines"): ("J01AA",),
    ("林可酰胺", "lincosamide", "lincosamides"): ("J01FF",),
    ("硝基咪唑", "nitroimidazole", "nitroimidazoles"): ("P01AB", "J01XD"),
    ("唑类抗真菌", "azole antifungal", "azole antifungals"): ("J02AC", "D01AC"),
    ("阿司匹林", "aspirin"): ("B01AC06", "N02BA01"),
    ("非甾体抗炎药", "非甾体", "nsaid", "nsaids"): ("M01A", "N02BA"),
    ("他汀", "statin", "statins"): ("C10AA",),
    ("血管紧张素转换酶抑制剂", "普利", "ace inhibitor", "ace inhibitors"): ("C09A", "C09B"),
    ("沙坦", "arb", "arbs"): ("C09C", "C09D"),
    ("磺脲", "sulfonylurea", "sulfonylureas"): ("A10BB",),
    ("胰岛素", "insulin"): ("A10A",),
    ("阿片", "opioid", "opioids"): ("N02A",),
    ("苯二氮䓬", "苯二氮卓", "benzodiazepine", "benzodiazepines"): ("N05BA", "N05CD", "N03AE"),
    ("抗癫痫", "芳香族抗癫痫药", "aromatic anticonvulsants"): ("N03AF", "N03AB", "N03AA"),
}
ALLERGY_CLASSES: dict[str, tuple[str, ...]] = {
    name.casefold(): prefixes for names, prefixes in _CLASSES.items() for name in names}
# What a record adds after a substance: 青霉素类, 头孢类抗生素, 磺胺过敏, "penicillin allergy".
_ALLERGY_NOISE = re.compile(
    r"(类药物|类药|类|药物|抗生素|抗菌药物|抗菌药|过敏史|过敏|allergy|allergic)$")


def allergy_key(text: str) -> str:
    """An allergy as written, reduced to what is matched: trimmed, case-folded, the class word
    and 过敏 taken off the end."""
    key = text.strip().casefold()
    while True:
        shorter = _ALLERGY_NOISE.sub("", key).strip()
        if shorter == key:
            return key
        key = shorter
