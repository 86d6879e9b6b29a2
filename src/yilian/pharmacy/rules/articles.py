"""Each refusal's code and the regulation it comes from.

The article numbers were looked for in public reproductions of the texts (not the official
gazette): 互联网诊疗管理办法（试行）第十九条 in a reproduction of the whole text with its
neighbouring articles; 处方管理办法 第六条, 第十八条 and 第十九条 in secondary sources that agree
(a table of contents, exam explanations, rule engines citing them) beside the rules' wording in
several reproductions. For 抗菌药物临床应用管理办法 and 长期处方管理规范（试行） only the wording
was found, not its number: the document alone is named (``article`` None) until someone reads
the official text.
"""

from __future__ import annotations

from dataclasses import dataclass

PRESCRIPTION_MEASURES = ("处方管理办法", "Prescription Administration Measures")
INTERNET_MEASURES = ("互联网诊疗管理办法（试行）",
                     "Internet Diagnosis and Treatment Administration Measures (Trial)")
ANTIMICROBIAL_MEASURES = ("抗菌药物临床应用管理办法",
                          "Administrative Measures for the Clinical Use of Antimicrobials")
LONG_TERM_NORM = ("长期处方管理规范（试行）",
                  "Long-term Prescription Management Norms (Trial)")


@dataclass(frozen=True, slots=True)
class Source:
    document: tuple[str, str]  # Chinese, English
    article: tuple[str, str] | None  # 第十九条, Article 19

    @property
    def zh(self) -> str:
        return f"{self.document[0]} {self.article[0]}" if self.article else self.document[0]

    @property
    def en(self) -> str:
        return f"{self.document[1]}, {self.article[1]}" if self.article else self.document[1]


def _article(document: tuple[str, str], zh: str, number: int) -> Source:
    return Source(document, (zh, f"Article {number}"))


# 第六条 处方书写规则: 临床诊断 ...；每张处方不得超过5种药品.
WRITING = _article(PRESCRIPTION_MEASURES, "第六条", 6)
# 第十八条: 处方开具当日有效 ... 有效期最长不得超过3天.
VALIDITY = _article(PRESCRIPTION_MEASURES, "第十八条", 18)
# 第十九条: 处方一般不得超过7日用量 ... 慢性病 ... 可适当延长，但医师应当注明理由.
SUPPLY = _article(PRESCRIPTION_MEASURES, "第十九条", 19)
# 第十九条: 不得开具麻醉药品、精神药品等特殊管理药品的处方；为低龄儿童（6岁以下）开具 ...
# 应当确认患儿有监护人和相关专业医师陪伴.
INTERNET = _article(INTERNET_MEASURES, "第十九条", 19)
# 特殊使用级抗菌药物不得在门诊使用 (the article's number not confirmed).
ANTIMICROBIAL = Source(ANTIMICROBIAL_MEASURES, None)
# 处方量一般在4周内 ... 最长不超过12周；超过4周的，医师应当严格评估 ... 在病历中记录，患者通过
# 签字等方式确认; drugs that may not be on a long-term prescription (the numbers not confirmed).
LONG_TERM = Source(LONG_TERM_NORM, None)

# Every refusal code the rules give, and its source.
REFUSALS: dict[str, Source] = {
    "diagnosis-missing": WRITING,
    "too-many-drugs": WRITING,
    "validity-out-of-range": VALIDITY,
    "validity-note-missing": VALIDITY,
    "days-over-limit": SUPPLY,
    "chronic-days-over-limit": LONG_TERM,
    "long-term-days-over-limit": LONG_TERM,
    "long-term-not-chronic": LONG_TERM,
    "long-term-assessment-missing": LONG_TERM,
    "long-term-confirmation-missing": LONG_TERM,
    "long-term-drug-excluded": LONG_TERM,
    "controlled-drug-online": INTERNET,
    "child-under-6-unaccompanied": INTERNET,
    "special-antimicrobial-outpatient": ANTIMICROBIAL,
}
