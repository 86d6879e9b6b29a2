"""What every case kind's signed document shares: how the patient is shown on paper, the
informed consent in words, and rendering with the number the documents service allots.

A kind's ``document.py`` gathers what its paper shows into a context (names and labels as
shown, the resident ID already masked) and draws it on a ``core.pdf.Story``; everything is
plain text there, so ``<`` or ``&`` in a text is printed as written, and long texts wrap and
run on to further pages.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from yilian.cases.columns import ConsentBy
from yilian.core import pdf
from yilian.core.clock import SHANGHAI, Clock
from yilian.patients import service as patients

CONSENT_LABELS = {ConsentBy.patient: "患者本人", ConsentBy.guardian: "监护人或近亲属"}


@dataclass(frozen=True)
class PatientOnPaper:
    """The patient as a document shows them: the resident ID masked."""

    name: str
    sex: str
    age: int | None
    resident_id: str

    def fields(self, name_label: str = "姓名") -> list[tuple[str, str]]:
        return [(name_label, self.name), ("性别", self.sex),
                ("年龄", f"{self.age}岁" if self.age is not None else "—"),
                ("身份证号", self.resident_id)]


async def patient_on_paper(db: AsyncSession, clock: Clock, patient_id: uuid.UUID
                           ) -> PatientOnPaper:
    patient = await patients.find_patient(db, patient_id)
    if patient is None:
        raise ValueError(f"no patient {patient_id}")
    today = clock.now().astimezone(SHANGHAI).date()
    return PatientOnPaper(name=patient.name, sex=patients.SEX_ZH[patient.sex],
                          age=patients.age_on(patient.birth_date, today),
                          resident_id=patients.mask_resident_id(patient.resident_id))


def consent_words(by: ConsentBy, name: str, relation: str | None, at: datetime,
                  agreed_to: str) -> str:
    """患者本人张三已同意转诊（2026年11月24日 10:00）."""
    who = CONSENT_LABELS[by] + (f"（{relation}）" if relation else "")
    return f"{who}{name}已同意{agreed_to}（{pdf.chinese_time(at)}）"


def renderer(build: Callable[[pdf.Story, Any, str], None], ctx: Any
             ) -> Callable[[str], bytes]:
    """The function of the allotted document number that renders ``ctx`` with it."""
    return lambda number: pdf.render(lambda story: build(story, ctx, number))
