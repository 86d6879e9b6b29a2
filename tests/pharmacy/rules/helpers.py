"""Drugs, lines, patients and contexts for the rules' tests: an adult with a diagnosis, online,
a 1-day validity, unless a test says otherwise."""

from __future__ import annotations

import uuid
from decimal import Decimal

from yilian.pharmacy.rules import (
    Antimicrobial,
    Context,
    Control,
    CurrentMedication,
    DrugFacts,
    Line,
    Patient,
    Route,
)


def drug(name: str = "苯磺酸氨氯地平片", atc: str = "C08CA01", strength: str = "5",
         strength_unit: str = "mg", unit: str = "片", package_size: int = 28, *,
         control: Control | None = None, antimicrobial: Antimicrobial | None = None,
         cold_chain: bool = False, max_single: str | None = None,
         max_daily: str | None = None) -> DrugFacts:
    return DrugFacts(
        id=uuid.uuid4(), generic_name=name, atc=atc, strength=Decimal(strength),
        strength_unit=strength_unit, unit=unit, package_size=package_size, dosage_form="片剂",
        control=control, antimicrobial=antimicrobial, cold_chain=cold_chain,
        max_single_dose=Decimal(max_single) if max_single else None,
        max_daily_dose=Decimal(max_daily) if max_daily else None)


def line(d: DrugFacts | None = None, dose: str = "5", unit: str | None = None,
         frequency: str = "qd", days: int = 7, *, route: Route = Route.oral,
         prn_max: int | None = None) -> Line:
    d = d or drug()
    return Line(drug=d, dose=Decimal(dose), dose_unit=unit or d.strength_unit, route=route,
                frequency=frequency, days=days, prn_max_per_day=prn_max)


def patient(age_years: int = 45, age_months: int = 0, *, allergies: tuple[str, ...] = (),
            current: tuple[tuple[str, str], ...] = (), guardian: bool = False,
            physician: bool = False) -> Patient:
    return Patient(age_years=age_years, age_months=age_months, allergies=allergies,
                   current_medications=tuple(CurrentMedication(n, a) for n, a in current),
                   guardian_present=guardian, accompanying_physician_recorded=physician)


def context(**kwargs) -> Context:
    return Context(**{"diagnoses": ("原发性高血压",), **kwargs})


# A few real drugs (demo_drugs.csv), with their catalogue facts.
AMLODIPINE = drug()
NIFEDIPINE_CR = drug("硝苯地平控释片", "C08CA05", "30", package_size=7, max_daily="120")
IRBESARTAN = drug("厄贝沙坦片", "C09CA04", "150", max_single="300", max_daily="300")
ENALAPRIL = drug("马来酸依那普利片", "C09AA02", "10", package_size=16)
SPIRONOLACTONE = drug("螺内酯片", "C03DA01", "20", package_size=100)
METFORMIN = drug("盐酸二甲双胍片", "A10BA02", "500", package_size=60, max_single="1000",
                 max_daily="2550")
ATORVASTATIN = drug("阿托伐他汀钙片", "C10AA05", "20")
SIMVASTATIN = drug("辛伐他汀片", "C10AA01", "20", package_size=10, max_daily="80")
ASPIRIN = drug("阿司匹林肠溶片", "B01AC06", "100", package_size=30)
CLOPIDOGREL = drug("硫酸氢氯吡格雷片", "B01AC04", "75")
IBUPROFEN = drug("布洛芬缓释胶囊", "M01AE01", "300", unit="粒", package_size=20,
                 max_single="800", max_daily="2400")
AMOXICILLIN = drug("阿莫西林胶囊", "J01CA04", "250", unit="粒", package_size=24,
                   antimicrobial=Antimicrobial.unrestricted)
CEFIXIME = drug("头孢克肟分散片", "J01DD08", "100", package_size=6,
                antimicrobial=Antimicrobial.restricted)
LINEZOLID = drug("利奈唑胺片", "J01XX08", "600", package_size=10,
                 antimicrobial=Antimicrobial.special)
CLARITHROMYCIN = drug("克拉霉素片", "J01FA09", "250", package_size=6,
                      antimicrobial=Antimicrobial.unrestricted)
OMEPRAZOLE = drug("奥美拉唑肠溶胶囊", "A02BC01", "20", unit="粒", package_size=14)
INSULIN_ASPART = drug("门冬胰岛素注射液", "A10AB05", "300", "IU", "支", 1, cold_chain=True)
