"""Scenarios as a US GME advisor checks them: total years, order, pathways, licensure, careers.

Each expectation names the body whose rule gives it. Years count from the first day of medical school
(or, for an international graduate, from the first step listed).
"""

import pytest

from careergraph import BadInputError, NoRouteError


def ids(route):
    return [s.id for s in route.steps]


def position(route, node):
    return ids(route).index(node)


# ---------------------------------------------------------------- whole lengths

TOTALS = [
    # ABPN / ACGME psychiatry: four years of residency including the PGY-1 (48 months)
    ("US MD student", "psychiatrist", 8, 8),
    # ABA: clinical base year plus 36 months of clinical anesthesia, four years in all
    ("US MD student", "anesthesiologist", 8, 8),
    # ACGME neurology: a complete neurology residency requires 48 months
    ("US MD student", "neurologist", 8, 8),
    # ABPMR: 48 months of training, 12 of them fundamental clinical skills
    ("US MD student", "physiatrist", 8, 8),
    # ABPN child neurology: two years of pediatrics plus three of child neurology
    ("US MD student", "child neurologist", 9, 9),
    # ABD / ACGME: a PGY-1 year, then three years of dermatology
    ("US MD student", "dermatologist", 8, 8),
    # ABR / ACGME diagnostic radiology: a clinical year, then 48 months
    ("US MD student", "radiologist", 9, 9),
    # ABIM / ACGME internal medicine: 36 months
    ("US MD student", "internist", 7, 7),
    # ABFM / ACGME family medicine: 36 months
    ("US MD student", "family physician", 7, 7),
    # ABP / ACGME pediatrics: 36 months
    ("US MD student", "pediatrician", 7, 7),
    # ABS / ACGME general surgery: 60 months
    ("US MD student", "general surgeon", 9, 9),
    # ABNS / ACGME neurological surgery: 84 months
    ("US MD student", "neurosurgeon", 11, 11),
    # ABIM: internal medicine 3 + cardiovascular disease 3
    ("US MD student", "cardiologist", 10, 10),
    # ABIM: 3 + 3 + interventional cardiology 1
    ("medical school", "interventional cardiologist", 11, 11),
    # ABEM: emergency medicine residencies are 3 or 4 years
    ("US MD student", "emergency physician", 7, 8),
    # ABIM geriatric medicine: IM or FM residency (3) plus a one-year fellowship
    ("US MD student", "geriatrician", 8, 8),
    # ABPS integrated plastic surgery: six years; the oral examination comes in November of the year
    # after residency, on a case list collected in practice from July 1 to March 31 (abplasticsurgery.org
    # oral examination pages)
    ("US MD student", "plastic surgeon", 11.33, 11.33),
    # ABOG / ACGME obstetrics and gynecology: 48 months; ABOG's Certifying Exam after a year of practice
    # (abog.org: eligibility "seven plus one year", cases of "the past year")
    ("US MD student", "obstetrician-gynecologist", 9, 9),
    # ABOS / ACGME orthopaedic surgery: 60 months; Part II "two calendar years" after practice starts
    # on or before November 1 (abos.org/certification/part-ii)
    ("US MD student", "orthopaedic surgeon", 11, 11),
    # ABU: five years of urology residency; the 16-month practice requirement (abu.org/certification),
    # then the Certifying (Part 2) exam, given each February (abu.org certifying examination)
    ("US MD student", "urologist", 10.6, 10.6),
]


@pytest.mark.parametrize("source, target, low, high", TOTALS, ids=[t[1] for t in TOTALS])
def test_total_years(kg, source, target, low, high):
    assert kg.route(source, target).total_years == {"min": low, "max": high}


def test_psychiatry_residency_counts_its_pgy1(kg):
    # ABPN: four years of postgraduate training, the PGY-1 included, whether categorical or advanced
    assert kg.record("psychiatry residency")["duration_years"] == {"min": 4, "max": 4}


# ---------------------------------------------------------------- order of steps

def test_match_is_in_the_last_year_of_medical_school(kg):
    # NRMP: U.S. seniors match in March and enter residency on July 1 of the Match year
    route = kg.route("US MD student", "internist")
    match = route.steps[position(route, "nrmp-match")]
    assert 3 < match.start_years["min"] < 4
    assert position(route, "nrmp-match") < position(route, "internal-medicine-residency")


def test_eras_before_match(kg):
    # AAMC ERAS applications go out in September; the NRMP Match is in March
    route = kg.route("US MD student", "pediatrician")
    assert position(route, "eras-application") < position(route, "nrmp-match")


def test_step_3_during_residency_before_fellowship(kg):
    # USMLE Step 3 is taken during residency (AMA: generally after the first year), before fellowship
    route = kg.route("medical school", "interventional cardiologist")
    step3 = route.steps[position(route, "usmle-step-3")]
    assert position(route, "internal-medicine-residency") < position(route, "usmle-step-3") \
        < position(route, "cardiovascular-disease-fellowship")
    assert step3.when == "during PGY-1 or PGY-2"
    assert step3.start_years == {"min": 4, "max": 6}


def test_img_takes_step_3_after_the_match(kg):
    # FSMB/ECFMG: Step 3 and the licence follow accredited GME; the Match comes first
    route = kg.route("international medical graduate", "internist", by="steps")
    assert position(route, "nrmp-match") < position(route, "usmle-step-3")
    assert position(route, "internal-medicine-residency") < position(route, "state-medical-license")


def test_geriatric_plan_puts_match_after_medical_school_starts(kg):
    # NRMP: the Match is in the final year of medical school
    plan = kg.requires("geriatric medicine fellowship")
    order = [s.id for s in plan.steps]
    school = next(i for i, s in enumerate(plan.steps) if s.type == "education")
    assert school < order.index("nrmp-match")


def test_steps_are_listed_in_time_order(kg):
    # a schedule lists steps in the order a person meets them
    route = kg.route("US DO student", "family physician")
    starts = [s.start_years["min"] for s in route.steps]
    assert starts == sorted(starts)


def test_comlex_levels_in_osteopathic_school(kg):
    # AOA: Level 1 near the end of the second year, Level 2-CE in the third or fourth year
    route = kg.route("US DO student", "family physician")
    level1 = route.steps[position(route, "comlex-level-1")]
    assert 1 <= level1.start_years["min"] <= 2 and level1.end_years["max"] <= 4


def test_board_certification_after_training(kg):
    # ABMS: initial certification follows the completion of residency training
    route = kg.route("US MD student", "psychiatrist")
    certification = route.steps[-1]
    assert certification.id == "psychiatry-certification"
    assert certification.usual and "not a legal requirement" in certification.why
    assert certification.start_years["min"] == 8


# career, residency, certification, earliest years of practice between them
CERTIFIED_AFTER_PRACTICE = [
    # ABOG: certification "plus time in practice required for admissibility to the Certifying
    # Examination", "seven plus one year" (abog.org regaining eligibility policy)
    ("obstetrician-gynecologist", "obstetrics-gynecology-residency", "obstetrics-gynecology-certification", 1),
    # ABOS: practice from November 1 qualifies for Part II "two calendar years later", each summer
    ("orthopaedic surgeon", "orthopaedic-surgery-residency", "orthopaedic-surgery-certification", 2),
    # ABU: "the 16-month practice requirement in a single community" before the Certifying (Part 2) exam,
    # given each February: the February of the second year after residency
    ("urologist", "urology-residency", "urology-certification", 1.6),
    # ABPS: a nine-month case list from July 1 to March 31, the oral examination each November
    ("plastic surgeon", "plastic-surgery-residency", "plastic-surgery-certification", 1.33),
]


@pytest.mark.parametrize("career, residency, certification, practice", CERTIFIED_AFTER_PRACTICE,
                         ids=[c[2] for c in CERTIFIED_AFTER_PRACTICE])
def test_board_certification_after_practice(kg, career, residency, certification, practice):
    route = kg.route("US MD student", career)
    trained = route.steps[position(route, residency)].end_years
    certified = route.steps[position(route, certification)]
    assert certified.start_years == {"min": pytest.approx(trained["min"] + practice),
                                     "max": pytest.approx(trained["max"] + practice)}
    assert "at the earliest" in certified.when and "practice" in certified.when
    # the graduate practises in the specialty before the board certifies them
    assert position(route, certification) == len(route.steps) - 1
    assert route.total_years == certified.end_years


def test_aoa_orthopaedic_certificate_after_a_six_month_surgical_log(kg):
    # AOBOS Clinical Exam: a surgical log of "all major cases where the candidate was the primary
    # surgeon in a six-month period" (certification.osteopathic.org), after the five-year residency
    route = kg.route("US DO student", "osteopathic-orthopaedic-surgery-certification")
    trained = route.steps[position(route, "orthopaedic-surgery-residency")].end_years
    certified = route.steps[-1]
    assert certified.id == "osteopathic-orthopaedic-surgery-certification"
    assert certified.start_years == {"min": trained["min"] + 0.5, "max": trained["max"] + 0.5}
    assert route.total_years == {"min": 9.5, "max": 9.5}


def test_plan_dates_orthopaedic_certification_two_summers_after_residency(kg):
    # ABOS: residency ends on 30 June; practice from then (before November 1) qualifies for the Part II
    # oral examination, given each summer, two calendar years later
    plan = kg.plan("US MD student", "orthopaedic surgeon", "2026-08")
    events = {e.step: e for e in plan.events if e.label == e.step_label}
    assert events["orthopaedic-surgery-residency"].end.isoformat() == "2035-06-30"
    assert events["orthopaedic-surgery-certification"].start.isoformat() == "2037-07-01"


def test_practice_before_certification_follows_a_fellowship_too(kg):
    # ABOS Part II: a candidate "must have started practice" by November 1 for the examination two
    # calendar years later; a fellowship is supervised training, so practice starts after it. ABOS's
    # subspecialty certificate follows its primary one.
    route = kg.route("US MD student", "orthopaedic sports medicine certification")
    steps = {s.id: s for s in route.steps}
    assert steps["orthopaedic-sports-medicine-fellowship"].end_years == {"min": 10, "max": 10}
    assert steps["orthopaedic-surgery-certification"].start_years == {"min": 12, "max": 12}
    assert route.total_years == {"min": 12, "max": 12}


def test_urology_match_comes_in_january_after_the_applications(kg):
    # AUA: "January 18 is Match Day for the 2019 Urology Residency Match Program", interviews "Fall 2018 -
    # January 2019"; an international graduate applies once ECFMG-certified, through ERAS
    route = kg.route("international medical graduate", "urologist")
    assert position(route, "eras-application") < position(route, "aua-match") < position(route, "urology-residency")
    assert position(route, "ecfmg-certification") < position(route, "aua-match")
    assert route.steps[position(route, "aua-match")].start_years == {"min": 0.3, "max": 0.35}


def test_sf_match_comes_early_in_the_final_year_of_medical_school(kg):
    # AOA, The DO: "the SF Match is unique in that it has an early match date (typically Feb. 1),
    # compared to ERAS programs (mid-March)"
    plan = kg.requires("ophthalmology certification")
    order = [s.id for s in plan.steps]
    assert order.index("md-program") < order.index("sf-match") < order.index("nrmp-match")


def test_residency_when_is_in_pgy_years(kg):
    # ACGME: psychiatry training is PGY-1 to PGY-4
    route = kg.route("US MD student", "psychiatrist")
    assert route.steps[position(route, "psychiatry-residency")].when == "PGY-1\u2013PGY-4"


# ---------------------------------------------------------------- licensure

def test_licence_needs_graduate_medical_education(kg):
    # AMA/FSMB: every state requires at least one year of accredited GME before a full licence
    plan = kg.requires("state medical licence")
    assert any(s.type in ("residency", "preliminary-year") for s in plan.steps)


def test_licence_window_is_one_to_three_gme_years(kg):
    # AMA IMG licensure toolkit: at least one year everywhere, up to three in 25 states
    route = kg.route("US MD student", "internist")
    licence = route.steps[position(route, "state-medical-license")]
    assert licence.start_years == {"min": 5, "max": 7}


def test_img_enters_a_career_that_needs_only_the_degree_held(kg):
    # seed 000_2787df1846323dbd.txt: medical writing draws on medical knowledge, with no US training or
    # licence; an international graduate holds the medical degree it asks for, so the goal is the route
    route = kg.route("international medical graduate", "medical writer")
    assert ids(route) == ["medical-writer"]
    assert route.total_years == {"min": 0, "max": 0}
    assert route.steps[0].when == "now"


def test_licence_after_first_gme_year_for_img(kg):
    # AMA: all states require a foreign graduate to complete at least one year of accredited GME
    route = kg.route("international medical graduate", "internist")
    residency = route.steps[position(route, "internal-medicine-residency")]
    licence = route.steps[position(route, "state-medical-license")]
    assert licence.start_years["min"] >= residency.start_years["min"] + 1


def test_licence_plan_lists_step_3_or_comlex_3(kg):
    # FSMB: licensure requires passing the national examination series through Step 3 / Level 3
    plan = kg.requires("state medical licence")
    assert {"usmle-step-3", "comlex-level-3"} & {s.id for s in plan.steps}


@pytest.mark.parametrize("certification, residency", [
    # ABP Licensure Policy: "Physicians must hold a valid, unrestricted ... medical license"
    ("pediatrics certification", "pediatrics-residency"),
    # ABS Medical License Requirement Policy: license requirements for initial certification
    ("general surgery certification", "general-surgery-residency"),
    # ABPS written exam requirements: "Valid, full and unrestricted state medical license"
    ("plastic surgery certification", "plastic-surgery-residency"),
    # ABIM certification policies: "meet the licensure and procedural requirements"
    ("internal medicine certification", "internal-medicine-residency"),
    # ABNM Policy on Licensure Standards: "a current, full, and unrestricted license" for certification
    ("nuclear medicine certification", "nuclear-medicine-residency"),
    # ABNS oral examination: "Application submission with references, licensure, and hospital privileges"
    ("neurological surgery certification", "neurological-surgery-residency"),
    # ABPMR Part II: "Ensure you have an unrestricted license to practice medicine in all states where licensed"
    ("physical-medicine-rehabilitation-certification", "physical-medicine-rehabilitation-residency"),
    # ABPM application process: results released only on "award of a full and unrestricted medical license"
    ("preventive medicine certification", "preventive-medicine-residency"),
    # ABTS application instructions: applications include "A copy of all U.S. medical licenses"
    ("thoracic surgery certification", "thoracic-surgery-residency"),
    # ABS FAQ, certification in other specialties: "hold a full and unrestricted license to practice medicine"
    ("vascular surgery certification", "vascular-surgery-residency"),
    # ABA APPLIED Exam registration eligibility: "report an unexpired license that is permanent,
    # unconditional and unrestricted"; "training licenses will not fulfill this certification requirement"
    ("anesthesiology certification", "anesthesiology-residency"),
    # ABOS Certification Examinations: "A valid medical license is required to be Board Certified"
    ("orthopaedic surgery certification", "orthopaedic-surgery-residency"),
    # ABOG Revocation of Diploma or Certificate: "Candidates for Certification ... must hold an unrestricted
    # active license to engage in the practice of medicine"
    ("obstetrics-gynecology-certification", "obstetrics-gynecology-residency"),
])
def test_board_certification_needs_a_full_licence(kg, certification, residency):
    route = kg.route("US MD student", certification)
    last = len(route.steps) - 1
    assert position(route, "usmle-step-3") < position(route, "state-medical-license") < last
    assert position(route, residency) < last and route.steps[-1].type == "certification"


def test_licence_before_certificate_after_a_held_residency(kg):
    # ABA APPLIED Exam registration eligibility: a permanent, unrestricted licence, not a training
    # licence, is required; a general surgeon retraining in anesthesiology still has to hold one
    route = kg.route("general surgery residency", "anesthesiology certification")
    assert position(route, "anesthesiology-residency") < position(route, "anesthesiology-certification")
    assert position(route, "state-medical-license") < position(route, "anesthesiology-certification")
    assert route.steps[-1].id == "anesthesiology-certification"


def test_licence_before_certification_in_a_requirement_plan(kg):
    # ABP Licensure Policy: certification is contingent upon medical licensure
    plan = kg.requires("pediatrics certification")
    order = [s.id for s in plan.steps]
    assert order.index("state-medical-license") < order.index("pediatrics-certification")
    assert {"usmle-step-3", "comlex-level-3"} & set(order)


REQUIREMENT_TOTALS = [
    # ABP / ACGME pediatrics: 36 months, the first of them the PGY-1 that a licence asks for (no
    # preliminary year before it)
    ("pediatrics certification", (), 7, 7, {"preliminary-year-medicine", "transitional-year"}),
    # ABPN / ACGME psychiatry: 48 months including the PGY-1
    ("psychiatry certification", (), 8, 8, {"preliminary-year-medicine", "transitional-year"}),
    # ABU: 60 months of training, 12 of them in general surgery, inside the urology programme, then
    # the 16-month practice requirement before the Certifying (Part 2) exam each February (abu.org)
    ("urology certification", (), 10.6, 10.6, {"preliminary-year-surgery", "preliminary-year-medicine"}),
    # ABPath: cytopathology certification follows primary certification in anatomic (or anatomic and
    # clinical) pathology and a one-year fellowship: no other specialty's residency
    ("cytopathology certification", (), 8, 9, {"medical-genetics-residency", "preliminary-year-medicine"}),
    # AOA (AOBNP): its psychiatry certificate is for osteopathic physicians: the DO programme and
    # COMLEX-USA (NBOME), then four years of psychiatry, never an MD programme as well
    ("osteopathic psychiatry certification", (), 8, 8, {"md-program", "usmle-step-1", "usmle-step-3"}),
    # NBOME / FSMB: a DO student's plan is the DO programme and COMLEX-USA, not an MD programme
    ("psychiatry certification", ("US DO student",), 8, 8, {"md-program", "usmle-step-1"}),
]


@pytest.mark.parametrize(("target", "have", "low", "high", "absent"), REQUIREMENT_TOTALS)
def test_requirement_plan_takes_no_training_the_route_does_not(kg, target, have, low, high, absent):
    plan = kg.requires(target, have=list(have))
    assert plan.total_years == {"min": low, "max": high}
    assert not absent & {s.id for s in plan.steps}


# ---------------------------------------------------------------- pathways

def test_independent_plastic_surgery_after_general_surgery(kg):
    # ABPS: independent model, 5 years of general surgery then a 3-year plastic surgery programme
    route = kg.route("medical school", "plastic surgeon", via=["general surgery residency"])
    assert "plastic-surgery-residency" not in ids(route)
    assert "plastic-surgery-independent-residency" in ids(route)
    assert route.steps[position(route, "plastic-surgeon")].end_years == {"min": 12, "max": 12}
    # ABPS: the oral examination in the November after a case list from practice (July to March)
    assert route.total_years == {"min": 13.33, "max": 13.33}


def test_independent_vascular_surgery(kg):
    # ACGME/SVS: 5 years of general surgery plus 2 of independent vascular surgery
    route = kg.route("medical school", "vascular surgeon", via=["general surgery residency"])
    assert "vascular-surgery-residency" not in ids(route)
    assert route.total_years == {"min": 11, "max": 11}


def test_independent_thoracic_surgery(kg):
    # ABTS/TSRA: 5 years of general surgery plus 2-3 years of thoracic surgery
    route = kg.route("medical school", "thoracic surgeon", via=["general surgery residency"])
    assert "thoracic-surgery-residency" not in ids(route)
    assert route.total_years == {"min": 11, "max": 12}


def test_independent_interventional_radiology(kg):
    # ABR (theabr.org, Independent IR Residency): 2 years after diagnostic radiology, or 1 after ESIR
    route = kg.route("medical school", "interventional radiologist", via=["diagnostic radiology residency"])
    assert "interventional-radiology-residency" not in ids(route)
    assert "interventional-radiology-independent-residency" in ids(route)
    assert route.total_years == {"min": 10, "max": 11}


def test_integrated_interventional_radiology(kg):
    # ABR/ACGME integrated IR: a clinical year plus five years
    assert kg.route("medical school", "interventional radiologist").total_years == {"min": 10, "max": 10}


def test_emergency_medicine_to_critical_care_without_internal_medicine(kg):
    # ABEM/ABIM co-sponsored critical care certification: EM residency plus a 2-year fellowship
    route = kg.route("medical school", "critical care medicine certification",
                     via=["emergency medicine residency"])
    assert "internal-medicine-residency" not in ids(route)
    assert "critical-care-medicine-fellowship" in ids(route)


def test_medical_toxicology_needs_a_primary_board_certificate(kg):
    # ABEM, "Get certified in Medical Toxicology": certified by an ABMS member board (or AOBEM);
    # ABEM application page: a 2-year ACGME-accredited medical toxicology fellowship
    route = kg.route("medical school", "medical toxicology certification",
                     via=["emergency medicine residency"])
    assert position(route, "emergency-medicine-certification") < position(route, "medical-toxicology-certification")
    assert route.total_years == {"min": 9, "max": 10}


def test_pediatrics_certificate_through_emergency_medicine_pediatrics(kg):
    # ABEM combined training: emergency medicine/pediatrics is an approved five-year combined programme
    route = kg.route("medical school", "pediatrics certification",
                     via=["emergency medicine-pediatrics residency"])
    assert "pediatrics-residency" not in ids(route)
    assert route.total_years == {"min": 9, "max": 9}


def test_pediatric_rehabilitation_certificate_follows_pmr_certification(kg):
    # ABMS Certification Matters, ABPMR: "To become certified in a particular subspecialty, a physician
    # must be Board certified by the American Board of Physical Medicine and Rehabilitation"
    route = kg.route("medical school", "pediatric rehabilitation medicine certification")
    assert position(route, "physical-medicine-rehabilitation-certification") < position(
        route, "pediatric-rehabilitation-medicine-certification")


@pytest.mark.parametrize("certification, via, primary", [
    # ABPN Primary Certification Requirement Policy: child and adolescent psychiatry is the only
    # ABPN-administered subspecialty without a primary certificate; C-L and geriatric psychiatry: "Yes"
    ("consultation-liaison psychiatry certification", "psychiatry residency", "psychiatry-certification"),
    ("geriatric psychiatry certification", "psychiatry residency", "psychiatry-certification"),
    # ABPN neuromuscular medicine: "a valid certificate in neurology or ... child neurology";
    # ABMS on the ABPMR: its subspecialties need ABPMR board certification
    ("neuromuscular medicine certification", "neurology residency", "neurology-certification"),
    ("neuromuscular medicine certification", "physical medicine and rehabilitation residency",
     "physical-medicine-rehabilitation-certification"),
])
def test_subspecialty_certificate_follows_the_primary_certificate(kg, certification, via, primary):
    route = kg.route("medical school", certification, via=[via])
    assert position(route, primary) < len(route.steps) - 1


def test_no_pathway_repeats_training(kg):
    # no route through a valid pathway repeats a residency
    for target in ("plastic surgeon", "vascular surgeon", "thoracic surgeon", "interventional radiologist",
                   "cardiologist", "pediatric cardiologist"):
        route = kg.route("medical school", target)
        trainings = [s.id for s in route.steps if s.type in ("residency", "fellowship")]
        assert len(trainings) == len(set(trainings))
        assert sum(s.type == "residency" for s in route.steps) == 1


def test_med_peds_cardiology_does_not_add_internal_medicine(kg):
    # ABIM: med-peds graduates enter cardiovascular disease fellowship directly
    route = kg.route("medical school", "cardiologist", via=["internal medicine-pediatrics residency"])
    assert "internal-medicine-residency" not in ids(route)


# ---------------------------------------------------------------- careers

def test_programme_director_needs_certification_and_experience(kg):
    # ACGME CPR II.A.3: current certification and at least three years of educational/administrative experience
    route = kg.route("US MD student", "residency program director")
    assert "program-director-experience" in ids(route)
    experience = route.steps[position(route, "program-director-experience")]
    certification = next(s for s in route.steps if s.type == "certification")
    assert position(route, certification.id) < position(route, "program-director-experience")
    assert experience.years == {"min": 3, "max": 3}
    assert route.total_years["min"] >= 4 + 3 + 3


def test_specialist_route_ends_with_usual_certification(kg):
    # ABMS: certification is the standard for a specialist, not a licensing requirement
    route = kg.route("US MD student", "internist")
    assert route.steps[-1].id == "internal-medicine-certification"
    assert route.steps[-1].usual
    assert not any(s.usual for s in route.steps[:-1])


def test_usual_certification_never_adds_training(kg):
    # a usual certificate that needs more training is left out rather than lengthening the route
    route = kg.route("medical school", "cardiologist", via=["internal medicine-pediatrics residency"])
    assert all(not s.years for s in route.steps if s.usual)


def test_json_has_start_and_end_ranges(kg):
    route = kg.route("US MD student", "psychiatrist").to_dict()
    for step in route["steps"]:
        assert set(step["start_years"]) == {"min", "max"} and set(step["end_years"]) == {"min", "max"}
        assert step["start_years"]["min"] <= step["end_years"]["min"]


# ---------------------------------------------------------------- bad input stays as it was

def test_avoiding_every_residency_has_a_reason(kg):
    with pytest.raises(NoRouteError, match="avoid"):
        kg.route("US MD student", "psychiatrist",
                 avoid=["psychiatry residency", "internal medicine-psychiatry residency"])


# ---------------------------------------------------------------- visas for international graduates

def test_img_route_asks_the_visa_question(kg):
    # ECFMG is the sole J-1 sponsor for clinical training; H-1B or no visa (citizens, permanent residents)
    # are the alternatives (ECFMG EVSP; University of Michigan International Center, H-1B)
    route = kg.route("international medical graduate", "internist")
    visa = route.steps[position(route, "j1-visa")]
    assert set(visa.alternatives) == {"H-1B visa", "No visa: US citizen or permanent resident"}
    assert position(route, "ecfmg-certification") < position(route, "j1-visa") \
        < position(route, "internal-medicine-residency")


def test_us_graduates_are_not_asked_for_a_visa(kg):
    # the visa question is for international graduates (ECFMG definition); a US MD route has none
    route = kg.route("US MD student", "internist")
    assert not {"j1-visa", "h1b-visa", "img-training-authorization"} & set(ids(route))


def test_h1b_needs_step_3_before_training(kg):
    # H-1B residents must have passed USMLE Steps 1, 2 and 3 (University of Michigan International
    # Center; University of Pittsburgh: "by ... Match Day")
    route = kg.route("international medical graduate", "internist", via=["H-1B visa"])
    assert position(route, "usmle-step-3") < position(route, "h1b-visa") \
        < position(route, "internal-medicine-residency")
    step3 = route.steps[position(route, "usmle-step-3")]
    residency = route.steps[position(route, "internal-medicine-residency")]
    assert step3.start_years["max"] <= residency.start_years["min"]


# ---------------------------------------------------------------- combined programmes

@pytest.mark.parametrize("combined, career, years", [
    # ABEM combined training: three years of each specialty with 12 months of overlap, five in all
    ("emergency medicine-internal medicine residency", "internist", 9),
    ("emergency medicine-pediatrics residency", "pediatrician", 9),
    ("emergency medicine-family medicine residency", "family physician", 9),
    ("emergency medicine anesthesiology residency", "emergency physician", 9),
    ("emergency medicine anesthesiology residency", "anesthesiologist", 9),
    # ABEM/ABIM: six years give access to the EM, IM and critical care examinations
    ("emergency medicine-internal medicine-critical care residency", "intensivist", 10),
    # ABIM Internal Medicine / Psychiatry policies: 60 months of combined education for dual certification
    ("internal medicine-psychiatry residency", "internist", 9),
    ("internal medicine-psychiatry residency", "psychiatrist", 9),
    # ABIM Internal Medicine / Anesthesiology policies: 60 months of combined education for dual certification
    ("internal medicine-anesthesiology residency", "internist", 9),
    ("internal medicine-anesthesiology residency", "anesthesiologist", 9),
    # ABIM Internal Medicine / Neurology guidelines: five years of combined training for dual certification
    ("internal medicine-neurology residency", "internist", 9),
    ("internal medicine-neurology residency", "neurologist", 9),
    # ABD combined training: 60 months satisfy the training requirements of both boards
    ("internal medicine-dermatology residency", "internist", 9),
    ("internal medicine-dermatology residency", "dermatologist", 9),
    # ABP Pediatrics-Physical Medicine and Rehabilitation: five years of combined training fulfil the
    # training requirements for certification in pediatrics and in PM&R
    ("pediatrics physical medicine rehabilitation residency", "pediatrician", 9),
    ("pediatrics physical medicine rehabilitation residency", "physiatrist", 9),
    # ABIM Internal Medicine / Physical Medicine & Rehab guidelines: at least five years of coherent
    # training integral to both residencies, for dual certification
    ("internal medicine physical medicine rehabilitation residency", "internist", 9),
    ("internal medicine physical medicine rehabilitation residency", "physiatrist", 9),
    # ABIM Internal Medicine / Medical Genetics guidelines: the integrated programme requires four, not five, years
    ("internal medicine medical genetics residency", "internist", 8),
    ("internal medicine medical genetics residency", "medical geneticist", 8),
    # ABP guidelines for combined training in pediatrics and medical genetics: four, not five, years
    ("pediatrics medical genetics residency", "pediatrician", 8),
    ("pediatrics medical genetics residency", "medical geneticist", 8),
    # ABP Pediatrics-Anesthesiology: five years of combined training fulfil the training requirements of
    # both boards (ABA combined training requirements: five, not six, years)
    ("pediatrics anesthesiology residency", "pediatrician", 9),
    ("pediatrics anesthesiology residency", "anesthesiologist", 9),
    # ABIM Internal Medicine / Nuclear Medicine guidelines: dual certification after four years of combined training
    ("internal medicine nuclear medicine residency", "internist", 8),
    ("internal medicine nuclear medicine residency", "nuclear medicine physician", 8),
    # ABIM Internal Medicine / Preventive Medicine guidelines: dual certification after four years of combined training
    ("internal medicine preventive medicine residency", "internist", 8),
    ("internal medicine preventive medicine residency", "preventive medicine physician", 8),
])
def test_combined_programme_leads_to_both_careers_without_more_training(kg, combined, career, years):
    route = kg.route("US MD student", career, via=[combined])
    assert sum(s.type in ("residency", "fellowship") for s in route.steps) == 1
    assert route.total_years == {"min": years, "max": years}


@pytest.mark.parametrize("career, residency, years", [
    # ABA: the usual way is the four-year continuum; ABIM/ABA: the combined residency takes five
    ("anesthesiologist", "anesthesiology-residency", 8),
    # ACGME neurology: 48 months; ABIM/ABPN: the combined residency takes five years
    ("neurologist", "neurology-residency", 8),
    # ABD: four postgraduate years; ABD/ABIM: the combined residency takes 60 months
    ("dermatologist", "dermatology-residency", 8),
    # ABPMR: 48 months of training; the ABP/ABPMR and ABIM/ABPMR combined residencies take five years
    ("physiatrist", "physical-medicine-rehabilitation-residency", 8),
    # ABMGG: two years of medical genetics and genomics after a year of accredited GME; the combined
    # residencies with pediatrics or internal medicine take four
    ("medical geneticist", "medical-genetics-residency", 7),
])
def test_a_combined_residency_does_not_change_the_usual_route(kg, career, residency, years):
    route = kg.route("US MD student", career)
    assert residency in ids(route)
    assert route.total_years == {"min": years, "max": years}


def test_combined_residency_certifies_in_both_specialties(kg):
    # ABIM Internal Medicine / Neurology guidelines: dual certification after five combined years;
    # ABPN and ABIM both require a full licence for their certificates
    route = kg.route("US MD student", "neurology certification", via=["internal medicine-neurology residency"])
    assert "neurology-residency" not in ids(route)
    assert position(route, "state-medical-license") < position(route, "neurology-certification")
    assert route.total_years == {"min": 9, "max": 9}


@pytest.mark.parametrize("combined, career, repeated, years", [
    # ABIM Internal Medicine / Neurology: the combined programme includes the components of an accredited
    # neurology residency, which vascular neurology (ACGME) requires: one more year, no second residency
    ("internal medicine-neurology residency", "vascular neurologist", "neurology-residency", 1),
    # ABEM combined training (three years of EM and three of internal medicine) and ABIM cardiovascular
    # disease (three years after an internal medicine residency)
    ("emergency medicine-internal medicine residency", "cardiologist", "internal-medicine-residency", 3),
    # ABD/ABIM combined training includes an accredited internal medicine residency; ABIM: three years
    ("internal medicine-dermatology residency", "cardiologist", "internal-medicine-residency", 3),
    # ABIM/ABPN: five years of education integral to both residencies; ACGME geriatric psychiatry: one
    # year after an accredited general psychiatry residency
    ("internal medicine-psychiatry residency", "geriatric psychiatrist", "psychiatry-residency", 1),
    # ABIM/ABA: the components of both residencies; SPA: pediatric anesthesiology is a 12-month fellowship
    ("internal medicine-anesthesiology residency", "pediatric anesthesiologist", "anesthesiology-residency", 1),
    # ABP/ABMGG: all program requirements of both residencies apply to the combined training; ABP training
    # irregularities for subspecialties: the duration of fellowship training is 36 months
    ("pediatrics medical genetics residency", "pediatric cardiologist", "pediatrics-residency", 3),
    # ABIM/ABMGG: the requirements of both residencies apply; ABIM: three years of cardiovascular disease
    ("internal medicine medical genetics residency", "cardiologist", "internal-medicine-residency", 3),
    # ABIM/ABPMR: the components of both residencies; ACGME Review Committees (sports medicine FAQ): 12 months
    ("internal medicine physical medicine rehabilitation residency", "sports medicine physician",
     "physical-medicine-rehabilitation-residency", 1),
    # ABA/ABP: graduates are fully qualified in both specialties; SPA: pediatric anesthesiology is a 12-month fellowship
    ("pediatrics anesthesiology residency", "pediatric anesthesiologist", "anesthesiology-residency", 1),
])
def test_combined_graduate_enters_a_fellowship_without_another_residency(kg, combined, career, repeated, years):
    route = kg.route("US MD student", career, have=[combined])
    assert repeated not in ids(route)
    assert sum(s.type == "residency" for s in route.steps) == 0
    assert route.total_years == {"min": years, "max": years}


def test_pediatric_rehabilitation_medicine_is_quickest_through_the_combined_programme(kg):
    # ABP Pediatrics-Physical Medicine and Rehabilitation guidelines: the five-year combined programme makes its
    # graduates eligible for certification in pediatrics and PM&R and for subspecialty certification in
    # pediatric rehabilitation medicine; the categorical way is a four-year PM&R residency, then the fellowship
    route = kg.route("US MD student", "pediatric rehabilitation medicine certification")
    assert "pediatrics-physical-medicine-rehabilitation-residency" in ids(route)
    assert "pediatric-rehabilitation-medicine-fellowship" not in ids(route)
    assert position(route, "physical-medicine-rehabilitation-certification") \
        < position(route, "pediatric-rehabilitation-medicine-certification")
    assert route.total_years == {"min": 9, "max": 9}


def test_med_peds_graduate_is_certified_in_internal_medicine(kg):
    # ABIM and ABP (1967): four years of combined training make a physician eligible for both boards
    route = kg.route("US MD student", "internist", via=["internal medicine-pediatrics residency"])
    assert "internal-medicine-residency" not in ids(route)
    assert route.steps[-1].id == "internal-medicine-certification"
    assert route.total_years == {"min": 8, "max": 8}


# ---------------------------------------------------------------- international graduates' application

@pytest.mark.parametrize("by", ["steps", "years"])
def test_img_route_applies_through_eras_before_the_match(kg, by):
    # ECFMG ERAS Support Services: ECFMG is the designated Dean's office for IMGs who use ERAS to apply
    # for PGY-1 positions; ECFMG 2020 Information Booklet: participating programs take applications via ERAS
    route = kg.route("international medical graduate", "internist", by=by)
    assert position(route, "eras-application") < position(route, "nrmp-match")


def test_img_route_reads_as_an_advisor_would(kg):
    # ECFMG: Step 1, Step 2 CK and OET for certification; ECFMG/AAMC: ERAS, then the NRMP Match;
    # ECFMG EVSP: the visa after the Match with the programme's contract; AMA/FSMB: Step 3 and the licence
    # during and after accredited GME; ABIM: certification after the 36 months of training
    route = kg.route("international medical graduate", "internist", by="steps")
    order = ["usmle-step-1", "usmle-step-2-ck", "ecfmg-certification", "eras-application", "nrmp-match",
             "j1-visa", "internal-medicine-residency", "usmle-step-3", "state-medical-license",
             "internal-medicine-certification"]
    assert [position(route, node) for node in order] == sorted(position(route, node) for node in order)
    assert position(route, "oet-medicine") < position(route, "ecfmg-certification")


def test_match_can_follow_a_residencycas_application(kg):
    # ECFMG: it also supports residency applications through ResidencyCAS, for programmes outside ERAS
    plan = kg.requires("NRMP Main Residency Match")
    application = next(s for s in plan.steps if s.id == "eras-application")
    assert "ResidencyCAS application" in application.alternatives


# ---------------------------------------------------------------- leadership careers

@pytest.mark.parametrize("career", ["chief medical officer", "physician executive", "medical director",
                                    "department chair"])
def test_leadership_career_needs_training_certification_and_practice(kg, career):
    # CCMM Certified Physician Executive eligibility: a current licence, board certification (ABMS or AOA)
    # and three years of clinical practice beyond residency and fellowship
    route = kg.route("US MD student", career)
    practice = route.steps[position(route, "leadership-clinical-practice")]
    certification = next(s for s in route.steps if s.type == "certification")
    assert any(s.type == "residency" for s in route.steps)
    assert position(route, "state-medical-license") < position(route, "leadership-clinical-practice")
    assert position(route, certification.id) < position(route, "leadership-clinical-practice")
    assert practice.years == {"min": 3, "max": 3}
    assert route.total_years["min"] >= 4 + 3 + 3


def test_chief_medical_officer_lists_management_credentials_as_options(kg):
    # AAPL: a CPE has 150 hours of tested management education or a management degree (MBA, MMM, MHA, MPH)
    route = kg.route("US MD student", "chief medical officer")
    assert {"Certified Physician Executive", "MBA degree", "MHA degree"} <= set(route.steps[-1].options)


def test_internal_medicine_psychiatry_graduate_is_certified_in_psychiatry(kg):
    # ABIM Internal Medicine / Psychiatry policies: ABIM and ABPN offer dual certification after 60 months
    route = kg.route("US MD student", "psychiatrist", via=["internal medicine-psychiatry residency"])
    assert "psychiatry-residency" not in ids(route)
    assert route.steps[-1].id == "psychiatry-certification" and route.steps[-1].usual


# ---------------------------------------------------------------- what a held residency implies

def test_held_em_residency_leads_to_addiction_medicine_on_its_own_certificate(kg):
    # ABPM (support.theabpm.org, Addiction Medicine Certification - Fellowship Pathway): "Current primary
    # specialty certification is a core requirement"; an EM graduate's primary certificate is ABEM's
    route = kg.route("emergency medicine residency", "addiction medicine specialist",
                     have=["emergency medicine residency"])
    steps = {s.id: s for s in route.steps}
    assert steps["emergency-medicine-certification"].required_by == "addiction-medicine-certification"
    assert not [s.id for s in route.steps if s.type == "certification" and s.id not in
                ("emergency-medicine-certification", "addiction-medicine-certification")]
    # the medical degree and entry exams were needed to enter the residency: none is taken again
    assert not [s.id for s in route.steps if s.type == "education"]
    assert "usmle-step-3" in steps and not any(i.startswith("comlex") for i in steps)
    assert route.total_years["min"] == 1  # ACGME addiction medicine: 12 months


def test_held_residency_and_do_degree_take_comlex_not_a_second_degree(kg):
    # FSMB/NBOME: osteopathic graduates are licensed on COMLEX-USA, and Level 3 needs a DO degree
    route = kg.requires("addiction medicine specialist", have=["emergency medicine residency", "DO degree"])
    found = [s.id for s in route.steps]
    assert "comlex-level-3" in found
    assert not {"md-program", "do-program", "usmle-step-1", "comlex-level-1"} & set(found)


def test_held_em_residency_reaches_critical_care_on_abem_certification(kg):
    # ABEM critical care medicine: EM diplomates certify after an ACGME critical care fellowship (2 years)
    plan = kg.requires("critical care medicine certification", have=["emergency medicine residency"])
    certificates = [s.id for s in plan.steps if s.type == "certification"]
    assert certificates == ["emergency-medicine-certification", "critical-care-medicine-certification"]
    assert not [s.id for s in plan.steps if s.type in ("education", "residency")]


@pytest.mark.parametrize("career, certificate, fellowship", [
    # ABIM endocrinology, diabetes and metabolism: candidates must first be certified in internal medicine
    # (quoted in graph/data/fellowships-medicine-pediatrics.ttl, src-aden-endocrinologists)
    ("endocrinologist", "endocrinology-diabetes-metabolism-certification",
     "endocrinology-diabetes-metabolism-fellowship"),
    # ABIM rheumatology: certified in internal medicine, fellowship, licence (src-elliot-rheumatology-certification)
    ("rheumatologist", "rheumatology-certification", "rheumatology-fellowship"),
    # ABIM infectious disease: "be previously certified in internal medicine" (src-hcad-infectious-disease-
    # certification); ABMS definitions: subspecialty certification only after a general certification
    ("infectious disease physician", "infectious-disease-certification", "infectious-disease-fellowship"),
])
def test_internal_medicine_subspecialty_certificate_follows_internal_medicine_certification(
        kg, career, certificate, fellowship):
    route = kg.route("US MD student", career)
    found = ids(route)
    assert position(route, "internal-medicine-residency") < position(route, "internal-medicine-certification") \
        < position(route, certificate)
    assert position(route, fellowship) < position(route, certificate)
    steps = {s.id: s for s in route.steps}
    assert steps["internal-medicine-certification"].required_by == certificate
    assert found.count("internal-medicine-residency") == 1
    # ABIM / ACGME: internal medicine 3 years plus a two-year fellowship, after four of medical school
    assert route.total_years == {"min": 9, "max": 9}


def test_advanced_heart_failure_certificate_follows_internal_medicine_certification(kg):
    # ABMS definitions (src-abms-definitions-abam): subspecialty certification only after a general one;
    # ACP: one year beyond internal medicine residency and the cardiovascular disease fellowship
    route = kg.route("US MD student", "advanced heart failure cardiologist")
    assert position(route, "internal-medicine-certification") < position(
        route, "advanced-heart-failure-transplant-cardiology-certification")
    assert [s.id for s in route.steps if s.years] == [
        "md-program", "internal-medicine-residency", "cardiovascular-disease-fellowship",
        "advanced-heart-failure-transplant-cardiology-fellowship"]
    assert route.total_years == {"min": 11, "max": 11}  # 4 + 3 + 3 + 1


def test_sleep_medicine_certificate_follows_the_primary_certificate_of_the_residency_held(kg):
    # ABMS definitions (src-abms-definitions-abam): subspecialty certification only after a general one;
    # ACP: sleep medicine is certified by ABFM, ABIM, ABOto, ABP and ABPN (and ABA)
    route = kg.route("neurology residency", "sleep medicine physician")
    certificates = [s.id for s in route.steps if s.type == "certification"]
    assert certificates == ["neurology-certification", "sleep-medicine-certification"]
    assert route.total_years == {"min": 1, "max": 1}  # ACGME sleep medicine: 12 months
    internist = kg.route("internal medicine residency", "sleep medicine physician")
    assert [s.id for s in internist.steps if s.type == "certification"] == [
        "internal-medicine-certification", "sleep-medicine-certification"]


def test_internist_reaches_neurocritical_care_through_abim_critical_care(kg):
    # ABIM neurocritical care policies: "be previously certified by ABIM in Critical Care Medicine"; ABIM's ABMS
    # addendum (src-abms-ncc-abim-addendum): then "one (1) year of ACGME accredited Neurocritical Care Fellowship"
    route = kg.route("internal medicine residency", "neurocritical care certification")
    assert [s.id for s in route.steps if s.years] == [
        "critical-care-medicine-fellowship", "neurocritical-care-fellowship-after-critical-care"]
    assert position(route, "critical-care-medicine-certification") < position(
        route, "neurocritical-care-fellowship-after-critical-care")
    assert route.total_years == {"min": 3, "max": 3}  # IM-CCM 2 years, then 1
    # an emergency physician keeps the two-year fellowship open to ABEM diplomates
    em = kg.route("emergency medicine residency", "neurocritical care certification")
    assert "neurocritical-care-fellowship" in ids(em) and em.total_years == {"min": 2, "max": 2}


def test_em_graduate_reaches_intensivist_through_abem_critical_care(kg):
    # ABIM Critical Care Medicine policies: the certification program is developed by ABIM and ABEM; ABEM board
    # eligibility for subspecialties: certified by an ABMS member board; EMRA: EM-trained physicians who complete
    # an IM-CCM fellowship sit for the CCM board certification
    route = kg.route("emergency medicine residency", "intensivist")
    assert ids(route)[-1] == "critical-care-medicine-certification"
    assert "internal-medicine-residency" not in ids(route)
    assert "internal-medicine-certification" not in ids(route)
    assert position(route, "emergency-medicine-certification") < position(route, "critical-care-medicine-certification")
    assert route.total_years == {"min": 2, "max": 2}  # the IM-CCM fellowship: 24 months
    record = kg.record("critical-care-medicine-certification")
    assert {board["id"] for board in record["certified_by"]} == {"abim", "abem"}
    assert "ABEM" in record["label"] and "ABIM" in record["label"]
    assert "Internal Medicine-Critical Care Medicine" in record["alt_labels"]


def test_em_graduate_is_certified_in_anesthesiology_critical_care_by_abem_after_abem_certification(kg):
    # ABEM, ACCM eligibility criteria for ABEM-certified physicians (read on a docslib copy): "The physician must
    # be certified by ABEM"; ABEM "issues certificates to its candidates". ABEM board eligibility for
    # subspecialties: "Be certified by an ABMS Member Board". ABA absence-from-training policy: "two-year
    # Anesthesiology Critical Care Medicine (ACCM) fellowships" (24 months for EM graduates, ABA copy, SCCM)
    route = kg.route("emergency medicine residency", "anesthesiology critical care medicine certification")
    assert ids(route)[-1] == "anesthesiology-critical-care-medicine-certification"
    assert position(route, "emergency-medicine-certification") < position(
        route, "anesthesiology-critical-care-medicine-certification")
    assert [(s.id, s.years) for s in route.steps if s.years] == [
        ("anesthesiology-critical-care-medicine-fellowship", {"min": 2, "max": 2})]
    assert "anesthesiology-residency" not in ids(route) and "anesthesiology-certification" not in ids(route)
    assert route.total_years == {"min": 2, "max": 2}
    # an ABEM diplomate from a combined EM residency takes the same two-year fellowship
    combined = kg.route("emergency medicine-internal medicine residency",
                        "anesthesiology critical care medicine certification")
    assert "emergency-medicine-certification" in ids(combined) and combined.total_years == {"min": 2, "max": 2}
    record = kg.record("anesthesiology-critical-care-medicine-certification")
    assert {board["id"] for board in record["certified_by"]} == {"aba", "abem"}
    assert "ABEM" in record["label"] and "ABA" in record["label"]
    # the same order when the EM residency is held and the plan is asked for
    plan = kg.requires("anesthesiology critical care medicine certification", have=["emergency medicine residency"])
    assert [s.id for s in plan.steps if s.type == "certification"] == [
        "emergency-medicine-certification", "anesthesiology-critical-care-medicine-certification"]
    assert plan.total_years == {"min": 2, "max": 2}


def test_anesthesiologist_and_obstetrician_take_critical_care_on_their_own_primary_certificate(kg):
    # ABMS (certificationmatters.org, Anesthesiology): "To become certified in a particular subspecialty, a
    # physician must be Board Certified by the American Board of Anesthesiology"; ABA: 12 months of ACCM after
    # a four-year anesthesiology residency
    route = kg.route("US MD student", "anesthesiology critical care medicine certification")
    assert position(route, "anesthesiology-certification") < position(
        route, "anesthesiology-critical-care-medicine-certification")
    assert "emergency-medicine-certification" not in ids(route)
    assert route.total_years == {"min": 9, "max": 9}
    # ABOG (Critical Care Medicine): ABOG is a qualifying board; "ABOG will verify the eligibility of our
    # diplomates to take the CCM exam with the ABA", which issues the certificate
    obgyn = kg.route("obstetrics and gynecology residency", "anesthesiology critical care medicine certification")
    assert position(obgyn, "obstetrics-gynecology-certification") < position(
        obgyn, "anesthesiology-critical-care-medicine-certification")


def test_held_fellowship_implies_its_residency(kg):
    # ABIM: interventional cardiology needs cardiovascular disease certification, which needs internal
    # medicine certification; holding the cardiology fellowship means internal medicine was done
    route = kg.route("internal medicine residency", "interventional cardiologist",
                     have=["cardiovascular disease fellowship"])
    assert [s.id for s in route.steps if s.years] == ["interventional-cardiology-fellowship"]
    assert [s.id for s in route.steps if s.type == "certification"] == [
        "internal-medicine-certification", "cardiovascular-disease-certification",
        "interventional-cardiology-certification"]


def test_reach_and_plan_from_a_held_residency_take_no_degree(kg):
    # what was needed to enter the residency (ACGME common requirements: a US or Canadian MD or DO, or
    # ECFMG certification) is held: nothing reachable repeats medical school or its exams
    reach = kg.reach("emergency medicine residency", 2)
    for item in reach.items:
        kinds = {s.type for s in item.route.steps}
        assert "education" not in kinds, item.node["id"]
        assert not {"usmle-step-1", "comlex-level-1"} & {s.id for s in item.route.steps}, item.node["id"]
    plan = kg.plan("emergency medicine residency", "medical toxicologist", "2027-07",
                   have=["emergency medicine residency"])
    assert not [e for e in plan.events if e.type == "education"]


def test_equal_years_prefer_a_categorical_residency_to_a_preliminary_year_and_a_shorter_one(kg):
    # ACAAM: addiction medicine fellowships (12 months) take graduates of any of the 24 primary specialties;
    # its ACGME requirements name anesthesiology, emergency medicine, family medicine and internal medicine
    # as the specialties its sponsors train. Of routes of equal years the one with fewer steps is taken: a
    # 36-month categorical residency, not a preliminary year plus a 2-year medical genetics residency
    route = kg.route("US MD student", "addiction medicine fellowship")
    training = [s.id for s in route.steps if s.years]
    assert training[1:] in (["family-medicine-residency", "addiction-medicine-fellowship"],
                            ["internal-medicine-residency", "addiction-medicine-fellowship"])
    assert not [s for s in route.steps if s.type == "preliminary-year"]
    assert route.total_years == {"min": 8, "max": 8}


def test_route_from_a_residency_begins_after_it_on_the_md_pathway(kg):
    # a residency named as FROM is finished, as with --have; either degree admits to an ACGME residency
    # (ACGME common programme requirements III.A), and the way in is taken as one pathway throughout:
    # USMLE Step 3 after an MD programme, not COMLEX; ACAAM / ACGME addiction medicine: 12 months
    route = kg.route("emergency medicine residency", "addiction medicine specialist")
    found = [s.id for s in route.steps]
    assert "usmle-step-3" in found
    assert not {"md-program", "do-program", "comlex-level-3", "emergency-medicine-residency"} & set(found)
    assert route.total_years == {"min": 1, "max": 1}
    assert [s.id for s in route.steps] == [s.id for s in kg.route(
        "US MD student", "addiction medicine specialist", have=["emergency medicine residency"]).steps]


def test_route_from_a_residency_reaches_a_programme_entered_on_its_pgy1(kg):
    # ACGME Preventive Medicine programme requirements (graph evidence): a clinical PGY-1 before 24 months of
    # preventive medicine; nothing states a progression from pediatrics, yet a pediatrician has had that year
    route = kg.route("pediatrics residency", "preventive medicine physician")
    assert [s.id for s in route.steps if s.years] == ["preventive-medicine-residency"]
    assert route.total_years == {"min": 2, "max": 2}
    # ABP / ACGME pediatrics: 36 months, so the residency is PGY-4 and PGY-5
    assert next(s for s in route.steps if s.years).when == "PGY-4\u2013PGY-5"
    assert route.steps[-1].id == "preventive-medicine-certification"


def test_route_from_a_fellowship_begins_after_it(kg):
    # ABIM: internal medicine (36 months), cardiovascular disease (36 months), then 12 months of
    # interventional cardiology, the seventh postgraduate year
    route = kg.route("cardiovascular disease fellowship", "interventional cardiologist")
    assert [s.id for s in route.steps if s.years] == ["interventional-cardiology-fellowship"]
    assert route.steps[position(route, "interventional-cardiology-fellowship")].when == "PGY-7"
    assert route.total_years == {"min": 1, "max": 1}


def test_plan_and_reach_from_a_residency_begin_after_it(kg):
    # ACAAM / ACGME addiction medicine: a 12-month fellowship after a completed residency, from 1 July (NRMP)
    plan = kg.plan("emergency medicine residency", "addiction medicine specialist", "2027-07")
    fellowship = next(e for e in plan.events if e.step == "addiction-medicine-fellowship" and e.label == e.step_label)
    assert (fellowship.start.isoformat(), fellowship.end.isoformat()) == ("2027-07-01", "2028-06-30")
    assert not [e for e in plan.events if e.type in ("education", "residency")]


def test_a_completed_residency_meets_an_advanced_programme_s_pgy1(kg):
    # ACGME Preventive Medicine programme requirements and the graph's evidence (a PGY-1 of clinical
    # training before the 24 months of preventive medicine): a pediatrician has had that year already
    plan = kg.requires("preventive medicine certification", have=["pediatrics residency", "pediatrics certification"])
    assert ids(plan) == ["preventive-medicine-residency", "preventive-medicine-certification"]
    assert plan.total_years == {"min": 2, "max": 2}
    # ABD: the first year (PGY-1) then 36 months of dermatology; a fresh US MD route still takes the year
    route = kg.route("US MD student", "dermatologist")
    assert position(route, "preliminary-year-medicine") < position(route, "dermatology-residency")
    assert route.total_years["min"] == 8


# ---------------------------------------------------------------- schedules after held training

def test_held_em_residency_counts_as_elapsed_gme_before_a_one_year_fellowship(kg):
    # ACGME emergency medicine: programmes are 36 or 48 months, so the next year is PGY-4 or PGY-5;
    # ACAAM / ACGME addiction medicine: a 12-month fellowship; the licence window (AMA/FSMB: one to three
    # years of accredited GME) and Step 3 (USMLE: during PGY-1 or PGY-2) are behind an EM graduate
    route = kg.route("emergency medicine residency", "addiction medicine specialist",
                     have=["emergency medicine residency"])
    steps = {s.id: s for s in route.steps}
    fellowship = steps["addiction-medicine-fellowship"]
    assert fellowship.when == "PGY-4 (up to PGY-5)"
    assert (fellowship.start_years, fellowship.end_years) == ({"min": 0, "max": 0}, {"min": 1, "max": 1})
    for passed in ("usmle-step-3", "state-medical-license"):
        assert steps[passed].end_years == {"min": 0, "max": 0}, passed
        assert steps[passed].when.startswith("now (usually "), passed
    assert route.total_years == {"min": 1, "max": 1}


def test_held_licence_and_step_3_are_not_taken_again(kg):
    # FSMB: a licence, once granted, is held; USMLE Step 3 passed is not retaken. Only the 12-month
    # addiction medicine fellowship (ACAAM / ACGME) and certificates remain
    route = kg.route("emergency medicine residency", "addiction medicine specialist",
                     have=["emergency medicine residency", "state medical licence", "USMLE Step 3"])
    assert not {"usmle-step-3", "state-medical-license"} & set(ids(route))
    assert [s.id for s in route.steps if s.years] == ["addiction-medicine-fellowship"]
    # ABEM: certification needs the completed residency and a licence, both held: it is due now
    certificate = next(s for s in route.steps if s.id == "emergency-medicine-certification")
    assert (certificate.end_years, certificate.when) == ({"min": 0, "max": 0}, "after PGY-3 (up to PGY-4)")
    assert route.total_years == {"min": 1, "max": 1}


def test_held_cardiology_fellowship_puts_interventional_cardiology_in_pgy_7(kg):
    # ABIM: internal medicine (36 months) then cardiovascular disease (36 months), so the 12-month
    # interventional cardiology fellowship is the seventh postgraduate year
    route = kg.route("internal medicine residency", "interventional cardiologist",
                     have=["cardiovascular disease fellowship"])
    steps = {s.id: s for s in route.steps}
    assert steps["interventional-cardiology-fellowship"].when == "PGY-7"
    assert route.total_years == {"min": 1, "max": 1}


def test_requirement_plan_after_held_em_counts_only_the_fellowship(kg):
    # ABEM / ABIM critical care medicine: EM diplomates take a 24-month ACGME critical care fellowship,
    # PGY-4 to PGY-5 after a 36-month EM programme (PGY-5 to PGY-6 after a 48-month one)
    plan = kg.requires("critical care medicine certification", have=["emergency medicine residency"])
    steps = {s.id: s for s in plan.steps}
    assert steps["critical-care-medicine-fellowship"].when == "PGY-4\u2013PGY-5 (up to PGY-5\u2013PGY-6)"
    assert plan.total_years == {"min": 2, "max": 2}


def test_plan_after_held_em_dates_passed_windows_at_the_start(kg):
    # AMA/FSMB: the licence follows one to three years of GME and USMLE Step 3 comes in PGY-1 or PGY-2,
    # both behind an EM graduate: they are due from the first day, and the 12-month fellowship
    # (ACAAM / ACGME) fills one academic year from 1 July (NRMP)
    plan = kg.plan("emergency medicine residency", "addiction medicine specialist", "2027-07",
                   have=["emergency medicine residency"])
    events = {e.step: e for e in plan.events if e.label == e.step_label}
    for passed in ("usmle-step-3", "state-medical-license"):
        assert events[passed].start.isoformat() == "2027-07-01", passed
    fellowship = events["addiction-medicine-fellowship"]
    assert (fellowship.start.isoformat(), fellowship.end.isoformat()) == ("2027-07-01", "2028-06-30")
    assert plan.route.total_years == {"min": 1, "max": 1}


def test_reach_from_held_em_residency_adds_only_the_fellowship_year(kg):
    # ACAAM / ACGME addiction medicine: 12 months after a completed residency, EM included
    reach = kg.reach("emergency medicine residency", 1)
    found = {item.node["id"]: item for item in reach.items}
    assert found["addiction-medicine-specialist"].added_years == {"min": 1, "max": 1}
    steps = {s.id: s for s in found["addiction-medicine-specialist"].route.steps}
    assert steps["addiction-medicine-fellowship"].when == "PGY-4 (up to PGY-5)"


# ------------------------------------------- fellowships open to an emergency medicine graduate

def em_fellowships(kg, within=3):
    reach = kg.reach("emergency medicine residency", within, have=["emergency medicine residency"])
    return {item.node["id"]: item.added_years for item in reach.items if item.node["type"] == "fellowship"}


@pytest.mark.parametrize("fellowship", [
    # ABPath, "Training Requirement for Non-ABPath Diplomates" (abpath.org/?p=4963, 2022-11-21): physicians
    # certified by other ABMS member boards are certified in blood banking/transfusion medicine, medical
    # microbiology, chemical pathology or hematopathology after 12 months of ACGME-accredited training
    "blood-banking-transfusion-medicine-fellowship", "chemical-pathology-fellowship",
    "hematopathology-fellowship", "medical-microbiology-fellowship",
])
def test_em_graduate_enters_pathology_subspecialty_in_one_year(kg, fellowship):
    assert em_fellowships(kg)[fellowship] == {"min": 1, "max": 1}


@pytest.mark.parametrize("fellowship, low, high", [
    # ABEM EMS overview and its EMS FAQ: ABEM is the sole sponsoring board; 12-month ACGME fellowship
    ("emergency-medical-services-fellowship", 1, 2),
    # ABEM pain medicine: co-sponsored by ABEM; ACGME-accredited fellowship of at least one year
    ("pain-medicine-fellowship", 1, 1),
    # ACGME sports medicine (Emergency Medicine, Family Medicine, Pediatrics, or PM&R): 12 months
    ("sports-medicine-fellowship", 1, 1),
    # ABEM/ABIM joint critical care programme (2011): EM graduates in IM-sponsored CCM fellowships
    ("critical-care-medicine-fellowship", 2, 2),
    # NRMP Spinal Cord Injury Medicine Match: "Certification in SCI medicine is offered to diplomates of all
    # ABMS member boards", emergency medicine named among them
    ("spinal-cord-injury-medicine-fellowship", 1, 1),
])
def test_em_graduate_enters_fellowships_its_board_certifies(kg, fellowship, low, high):
    assert em_fellowships(kg)[fellowship] == {"min": low, "max": high}


@pytest.mark.parametrize("fellowship", [
    # ABIM hematology (abim.org, Internal Medicine Subspecialty Policies - Hematology): applicants must "be
    # previously certified in internal medicine by ABIM"; the other ABIM subspecialties say the same
    "hematology-fellowship", "hematology-medical-oncology-fellowship", "cardiovascular-disease-fellowship",
    "gastroenterology-fellowship", "nephrology-fellowship",
])
def test_em_graduate_does_not_enter_internal_medicine_subspecialties(kg, fellowship):
    assert fellowship not in em_fellowships(kg, within=4)


def test_em_graduate_sports_medicine_route_ends_with_the_abms_certificate(kg):
    # ABEM Sports Medicine Overview: ABMS recognises ABEM, ABFM, ABIM, ABP and ABPMR as sponsoring boards of
    # one subspecialty certificate, "Sports Medicine" (the certificate of added qualification is its old name)
    route = kg.route("emergency medicine residency", "sports medicine physician",
                     have=["emergency medicine residency"])
    certificates = [s for s in route.steps if s.type == "certification"]
    assert certificates[-1].label == "Board certification in sports medicine"
    assert [s.id for s in route.steps if s.years] == ["sports-medicine-fellowship"]


def test_em_graduate_takes_a_preliminary_surgery_year_before_surgical_critical_care(kg):
    # ABS, "SCC Certification for ABEM Diplomates" (absurgery.org/default.jsp?certsccce_abem): "EM-trained
    # individuals must complete a year as an advanced preliminary resident in surgery" before the SCC
    # fellowship, and certification needs "Current certification in emergency medicine by ABEM"
    route = kg.route("emergency medicine residency", "surgical intensivist",
                     have=["emergency medicine residency"])
    assert [s.id for s in route.steps if s.years] == [
        "surgical-critical-care-preliminary-year", "surgical-critical-care-fellowship"]
    assert "emergency-medicine-certification" in ids(route)
    assert em_fellowships(kg)["surgical-critical-care-fellowship"] == {"min": 2, "max": 2}
    # ABS surgical critical care training: a general surgeon enters the one-year fellowship directly
    surgeon = kg.route("general surgery residency", "surgical intensivist", have=["general surgery residency"])
    assert [s.id for s in surgeon.steps if s.years] == ["surgical-critical-care-fellowship"]


def test_radiology_subspecialty_certificates_build_on_a_radiology_specialty_certificate(kg):
    # ABR (theabr.org, Subspecialties for Interventional Radiology): "Specialty certification is required to earn
    # and maintain subspecialty certification."
    for certificate in ("pediatric radiology certification", "nuclear radiology certification"):
        route = kg.route("medical school", certificate)
        assert "diagnostic-radiology-certification" in ids(route), certificate


# ---------------------------------------------------------------- lengths by the way in

def test_a_surgeon_takes_the_accm_fellowship_after_the_residency_its_certificate_needs(kg):
    # ABA / ABEM (as above): the ACCM certificate goes to an ABA or ABEM diplomate who completed the
    # fellowship after that board's residency; a surgeon's general surgery residency does not make the
    # fellowship count, so no residency may follow the fellowship on the route
    route = kg.route("general surgery residency", "anesthesiology critical care medicine certification")
    fellowship = position(route, "anesthesiology-critical-care-medicine-fellowship")
    assert not [s.id for s in route.steps[fellowship:] if s.type == "residency"]
    assert route.steps[fellowship - 1].type == "certification"


def test_no_residency_follows_the_critical_care_fellowship_it_is_a_way_into(kg):
    # ABS surgical critical care: emergency medicine graduates enter the fellowship after their
    # residency (and a preliminary surgery year); a residency taken after the fellowship is no way into it
    route = kg.route("obstetrics and gynecology residency", "surgical critical care certification")
    fellowship = position(route, "surgical-critical-care-fellowship")
    assert not [s.id for s in route.steps[fellowship:] if s.type == "residency"]


def test_anesthesiology_critical_care_is_two_years_after_emergency_medicine(kg):
    # ABA (Training Options, ACCM fellowships; read on a copy of the ABA page) and ACEP Now: emergency
    # physicians complete a 24-month ABA-approved ACCM fellowship; after a 36- or 48-month EM residency
    # (ACGME) that is PGY-4 and PGY-5 (up to PGY-5 and PGY-6)
    route = kg.route("emergency medicine residency", "anesthesiology critical care medicine fellowship")
    fellowship = route.steps[position(route, "anesthesiology-critical-care-medicine-fellowship")]
    assert fellowship.years == {"min": 2, "max": 2}
    assert fellowship.when == "PGY-4\u2013PGY-5 (up to PGY-5\u2013PGY-6)"
    assert route.total_years == {"min": 2, "max": 2}
    # the way in by anesthesiology keeps the 12-month fellowship (ABA: 12 months of critical care
    # medicine after the anesthesiology residency), PGY-5 after four years of anesthesiology
    after_anesthesiology = kg.route("US MD student", "anesthesiology critical care medicine fellowship")
    step = after_anesthesiology.steps[position(after_anesthesiology, "anesthesiology-critical-care-medicine-fellowship")]
    assert (step.years, step.when) == ({"min": 1, "max": 1}, "PGY-5")
    assert after_anesthesiology.total_years == {"min": 9, "max": 9}


def test_length_by_entry_in_requires_next_and_reach(kg):
    # ABA / ACEP Now: 24 months for emergency medicine graduates
    plan = kg.requires("anesthesiology critical care medicine fellowship", have=["emergency medicine residency"])
    assert plan.total_years == {"min": 2, "max": 2}
    after_em = {o.id: o.years for o in kg.next("emergency medicine residency")}
    assert after_em["anesthesiology-critical-care-medicine-fellowship"] == {"min": 2, "max": 2}
    after_anesthesiology = {o.id: o.years for o in kg.next("anesthesiology residency")}
    assert after_anesthesiology["anesthesiology-critical-care-medicine-fellowship"] == {"min": 1, "max": 1}
    within_one = {i.node["id"] for i in kg.reach("emergency medicine residency", 1, type="fellowship").items}
    within_two = {i.node["id"]: i.added_years for i in kg.reach("emergency medicine residency", 2,
                                                                  type="fellowship").items}
    assert "anesthesiology-critical-care-medicine-fellowship" not in within_one
    assert within_two["anesthesiology-critical-care-medicine-fellowship"] == {"min": 2, "max": 2}


def test_adolescent_medicine_after_family_medicine_takes_at_least_two_years(kg):
    # ABFM (FAQ, Certificates of Added Qualifications): family physicians need "a minimum of two years
    # full-time training" in an ACGME adolescent medicine fellowship; ABP: three years for pediatricians
    after_fm = kg.route("family medicine residency", "adolescent medicine fellowship")
    assert after_fm.total_years == {"min": 2, "max": 3}
    assert after_fm.steps[0].when == "PGY-4\u2013PGY-5 (up to PGY-4\u2013PGY-6)"
    after_pediatrics = kg.route("pediatrics residency", "adolescent medicine fellowship")
    assert after_pediatrics.total_years == {"min": 3, "max": 3}


def test_plan_and_compare_use_the_length_by_entry(kg):
    # ABA / ACEP Now: 24 months of ACCM after emergency medicine, from 1 July (NRMP) for two academic years
    plan = kg.plan("emergency medicine residency", "anesthesiology critical care medicine fellowship", "2027-07")
    fellowship = next(e for e in plan.events if e.step == "anesthesiology-critical-care-medicine-fellowship"
                      and e.label == e.step_label)
    assert (fellowship.start.isoformat(), fellowship.end.isoformat()) == ("2027-07-01", "2029-06-30")
    # ABFM: two years at least after family medicine (36 months, ACGME), ABP: three after pediatrics;
    # ABA: 12 months of ACCM after a four-year anesthesiology residency (the quickest way in)
    adolescent, intensivist = kg.compare(["adolescent medicine specialist", "anesthesiologist-intensivist"]).items
    assert [t["years"] for t in adolescent.training] == [{"min": 3, "max": 3}, {"min": 2, "max": 3}]
    assert adolescent.total_years["min"] == 4 + 3 + 2
    assert [t["years"] for t in intensivist.training] == [{"min": 4, "max": 4}, {"min": 1, "max": 1}]


# ---------------------------------------------------------------- AOA board certification as an equal option

def test_do_route_offers_the_aoa_certificate_beside_the_abms_one(kg):
    # AOA (AOBNP certification): "Be a graduate of an AOA-accredited college of osteopathic medicine",
    # with a psychiatry residency and a licence; ABPN certifies the same training. A DO may hold either.
    route = kg.route("US DO student", "psychiatrist")
    usual = route.steps[-1]
    assert (usual.id, usual.usual) == ("psychiatry-certification", True)
    assert usual.alternatives == ("AOA board certification in psychiatry",)
    assert route.to_dict()["steps"][-1]["alternatives"] == ["AOA board certification in psychiatry"]
    # the path is the same: the option is shown, not taken
    assert "osteopathic-psychiatry-certification" not in ids(route)
    # an MD graduate does not meet AOBNP's requirement of an osteopathic degree: no AOA option
    assert kg.route("US MD student", "psychiatrist").steps[-1].alternatives == ()


def test_requires_offers_the_aoa_certificate_where_its_board_takes_the_holder(kg):
    # AOA (AOBIM certification): graduates of a COCA-accredited college or of an LCME-accredited school
    # with ACGME training, and a licence: either degree qualifies, so both plans show the option
    for degree in ("DO degree", "MD degree"):
        plan = kg.requires("internist", have=[degree])
        usual = next(s for s in plan.steps if s.usual)
        assert usual.id == "internal-medicine-certification"
        assert usual.alternatives == ("AOA board certification in internal medicine",), degree


def test_show_gives_the_length_by_entry_with_its_sources(kg, run):
    # ABA (copy of its Training Options page) and ACEP Now: 24 months of ACCM for emergency physicians
    record = kg.record("anesthesiology critical care medicine fellowship")
    assert record["duration_years"] == {"min": 1, "max": 1}
    # the 24-month track is the ABEM diplomate's way in, whether the EM residency was categorical or combined
    assert {e["entry"]["id"]: e["years"] for e in record["duration_by_entry"]} == {
        entry: {"min": 2, "max": 2} for entry in (
            "emergency-medicine-residency", "emergency-medicine-family-medicine-residency",
            "emergency-medicine-internal-medicine-residency", "emergency-medicine-pediatrics-residency")}
    assert any("lengthByEntry" in s for source in record["sources"] for s in source["supports"])
    shown = run("show", "anesthesiology critical care medicine fellowship")
    assert "2 after Emergency medicine residency" in shown.stdout


def test_pediatric_emergency_medicine_is_two_years_after_em_and_three_after_pediatrics(kg):
    # ABP (Pediatric Emergency Medicine Certification): three years of fellowship for pediatricians;
    # University of Maryland EM/Peds FAQ: "If a candidate has completed an EM residency, the PEM
    # fellowship is a two-year program" (no ABEM page with the length was found)
    assert kg.route("emergency medicine residency", "pediatric emergency medicine fellowship").total_years == \
        {"min": 2, "max": 2}
    after_pediatrics = kg.route("pediatrics residency", "pediatric emergency medicine fellowship")
    assert after_pediatrics.total_years == {"min": 3, "max": 3}
    assert after_pediatrics.steps[0].when == "PGY-4\u2013PGY-6"


def test_pediatric_emergency_medicine_certificate_follows_abem_certification_for_em_graduates(kg):
    # ABEM (Pediatric Emergency Medicine): emergency physicians "Be certified by ABEM or the American Osteopathic
    # Board of Emergency Medicine (AOBEM)", complete "an ACGME-approved Pediatric Emergency Medicine fellowship
    # program" and "Fulfill the ABEM Policy on Medical Licensure"
    route = kg.route("emergency medicine residency", "pediatric emergency medicine certification")
    assert position(route, "emergency-medicine-certification") < position(
        route, "pediatric-emergency-medicine-fellowship") < position(route, "pediatric-emergency-medicine-certification")
    assert "pediatrics-certification" not in ids(route)
    record = kg.record("pediatric emergency medicine certification")
    abem_pages = [s for s in record["sources"] if "abem.org" in s["url"]]
    assert {"requiresOneOf", "requires"} <= {prop for source in abem_pages for prop in source["supports"]}


def test_undersea_hyperbaric_medicine_is_two_years_for_emergency_physicians(kg):
    # ABEM (Undersea and Hyperbaric Medicine: Examination Requirements and Process): emergency physicians
    # must "complete an ACGME-accredited, Undersea and Hyperbaric Medicine fellowship of at least two
    # years"; AOA's conjoint committee asks "a one-year AOA or ACGME approved hyperbaric medicine fellowship",
    # and programmes run one to two years (SAEM)
    after_em = kg.route("emergency medicine residency", "undersea and hyperbaric medicine specialist")
    fellowship = after_em.steps[position(after_em, "undersea-hyperbaric-medicine-fellowship")]
    assert fellowship.years == {"min": 2, "max": 2}
    assert after_em.total_years == {"min": 2, "max": 2}
    after_fm = kg.route("family medicine residency", "undersea and hyperbaric medicine specialist")
    assert after_fm.total_years == {"min": 1, "max": 2}


def test_a_route_to_what_a_held_stage_implies_says_so(run):
    # ABIM: a cardiovascular disease fellowship follows internal medicine residency, so its graduate holds it
    result = run("route", "cardiovascular disease fellowship", "internal medicine residency")
    assert result.exit_code == 2 and result.stdout == ""
    assert "Internal medicine residency is already held: it comes with Cardiovascular disease fellowship" in result.stderr


def test_a_held_certificate_brings_its_training_and_no_other_fellowship_stands_for_a_required_one(kg):
    # ABS neurocritical care page: surgical critical care diplomates "may be eligible", but "After 2026,
    # completion of an accredited NCC training program will be required to apply for NCC certification".
    plan = kg.requires("neurocritical care certification", have=["surgical critical care certification"])
    steps = [s.id for s in plan.steps]
    assert steps[-1] == "neurocritical-care-certification"
    assert {"neurocritical-care-fellowship", "neurocritical-care-fellowship-after-critical-care"} & set(steps)
    # the held certificate was earned through medical school, the Match and a residency: none is listed again
    assert not {"md-program", "eras-application", "nrmp-match", "usmle-step-3"} & set(steps)
    assert not [s for s in plan.steps if s.type == "residency"]


# ---------------------------------------------------------------- from a career

# What a practising specialist already holds and never takes again: the way into the career.
ENTRY_STEPS = {"md-program", "do-program", "usmle-step-1", "usmle-step-2-ck", "usmle-step-3", "eras-application",
               "nrmp-match", "state-medical-license"}


def training(route):
    return [(s.id, s.when) for s in route.steps if s.years]


@pytest.mark.parametrize("career, goal, steps, years", [
    # ABIM / ACP board certification process: internal medicine is 36 calendar months; the cardiovascular
    # disease fellowship follows it for 36 months (the graph's evidence: certification in cardiovascular
    # disease "requires preexisting certification in internal medicine followed by an additional 36 months")
    ("internist", "cardiologist", [("cardiovascular-disease-fellowship", "PGY-4\u2013PGY-6")], 3),
    # ABP General Pediatrics admission requirements: 3 years of pediatric training; ABP training
    # irregularities for subspecialties: "The duration of fellowship training is 36 months"
    ("pediatrician", "neonatologist", [("neonatal-perinatal-medicine-fellowship", "PGY-4\u2013PGY-6")], 3),
    # ABS vascular surgery training pathways: "Independent (5+2) Pathway: A 5-year general surgery residency
    # ... followed by a two-year independent vascular surgery training program"
    ("general surgeon", "vascular surgeon", [("vascular-surgery-fellowship", "PGY-6\u2013PGY-7")], 2),
    # ABEM: emergency medicine residencies are 36 or 48 months; ABEM medical toxicology: "a 2-year
    # ACGME-accredited Medical Toxicology fellowship"
    ("emergency physician", "medical toxicologist",
     [("medical-toxicology-fellowship", "PGY-4\u2013PGY-5 (up to PGY-5\u2013PGY-6)")], 2),
    # ABIM/ABEM critical care medicine, EMRA and ACEP Now: EM graduates take the 24-month IM-CCM fellowship
    # and sit for the ABEM critical care certificate, with no internal medicine residency
    ("emergency physician", "intensivist",
     [("critical-care-medicine-fellowship", "PGY-4\u2013PGY-5 (up to PGY-5\u2013PGY-6)")], 2),
    # ABIM: interventional cardiology, 12 months after cardiovascular disease (seventh postgraduate year)
    ("cardiologist", "interventional cardiologist", [("interventional-cardiology-fellowship", "PGY-7")], 1),
])
def test_route_from_a_career_begins_after_its_training(kg, career, goal, steps, years):
    route = kg.route(career, goal)
    assert training(route) == steps
    assert route.total_years == {"min": years, "max": years}
    # a practising physician holds the degree, exams, Match and licence; the career's residency and
    # (ABMS: the usual standard) its board certificate are held too
    assert not ENTRY_STEPS & set(ids(route))
    assert not [s for s in route.steps if s.type == "residency"]
    assert route.steps[-1].usual and route.steps[-1].type == "certification"


def test_internist_holds_internal_medicine_certification_on_the_way_to_cardiology(kg):
    # ABIM: cardiovascular disease certification requires internal medicine certification, which an
    # internist holds (ABMS: board certification is the usual standard of a specialist's practice)
    route = kg.route("internist", "cardiologist")
    assert "internal-medicine-certification" not in ids(route)
    assert [s.id for s in route.steps] == ["cardiovascular-disease-fellowship", "cardiologist",
                                           "cardiovascular-disease-certification"]


def test_a_career_held_through_a_combined_residency_counts_its_four_years(kg):
    # ABIM and ABP: four years of combined medicine-pediatrics training make a physician eligible for both
    # boards; the internist's way in is that residency, not a categorical one as well, so the 36-month
    # cardiovascular disease fellowship is PGY-5 to PGY-7
    route = kg.route("internist", "cardiologist", have=["internal medicine-pediatrics residency"])
    assert training(route) == [("cardiovascular-disease-fellowship", "PGY-5\u2013PGY-7")]
    assert route.total_years == {"min": 3, "max": 3}


def test_have_career_is_the_same_as_from_career(kg):
    # holding a career with --have means what naming it as FROM means: ABIM's 36-month fellowship is all
    # that is left for an internist, on a route, on a requirement plan and from a profile
    from_career = [(s.id, s.when) for s in kg.route("internist", "cardiologist").steps]
    assert [(s.id, s.when) for s in kg.route("US MD student", "cardiologist", have=["internist"]).steps] == from_career
    plan = kg.requires("cardiologist", have=["internist"])
    assert [(s.id, s.when) for s in plan.steps] == from_career
    assert plan.total_years == {"min": 3, "max": 3}


def test_plan_from_a_career_starts_with_the_fellowship(kg):
    # NRMP: training starts on 1 July; ABIM: the cardiovascular disease fellowship is 36 months
    plan = kg.plan("internist", "cardiologist", "2027-01")
    fellowship = next(e for e in plan.events if e.step == "cardiovascular-disease-fellowship")
    assert (fellowship.start.isoformat(), fellowship.end.isoformat()) == ("2027-07-01", "2030-06-30")
    assert not [e for e in plan.events if e.type in ("education", "residency", "exam")]


def test_next_and_reach_from_a_career_follow_its_training(kg):
    # what follows an internal medicine residency follows an internist (ABIM subspecialties), without it
    following = {o.id: o for o in kg.next("internist")}
    assert following["cardiovascular-disease-fellowship"].years == {"min": 3, "max": 3}
    assert "gastroenterology-fellowship" in following
    assert not {"internal-medicine-residency", "internal-medicine-certification", "internist"} & set(following)
    # ABIM geriatric medicine: a one-year fellowship after internal medicine
    reach = {item.node["id"]: item for item in kg.reach("internist", 1).items}
    assert reach["geriatrician"].added_years == {"min": 1, "max": 1}
    for item in reach.values():
        assert not ENTRY_STEPS & {s.id for s in item.route.steps}, item.node["id"]
    assert "cardiologist" not in reach  # three years, more than one


def test_a_career_reached_by_different_training_asks_which(kg):
    # ABMS: a primary care physician may be certified in family medicine, internal medicine or pediatrics;
    # which residency was done is not implied by the career, so it must be named
    with pytest.raises(BadInputError, match=r"^Primary care physician can follow different training "
                                            r"\(Family medicine residency, .*\): name the residency"):
        kg.route("primary care physician", "cardiologist")
    route = kg.route("primary care physician", "cardiologist", have=["internal medicine residency"])
    assert training(route) == [("cardiovascular-disease-fellowship", "PGY-4\u2013PGY-6")]


def test_a_route_to_what_a_career_holds_says_so(kg):
    # an internist holds the internal medicine residency (ABIM: 36 months of accredited training)
    with pytest.raises(BadInputError, match="Internal medicine residency is already held: it comes with Internist"):
        kg.route("internist", "internal medicine residency")


# ---------------------------------------------------------------- whole lengths and usual certificates

def test_osteopathic_neuromusculoskeletal_medicine_counts_its_clinical_year(kg):
    # AOA (AOBNMM initial certification): "Three years of training in an ACGME-accredited ... Osteopathic
    # Neuromusculoskeletal Medicine program", or two years "following completion of an AOA or ACGME accredited
    # broad-based clinical year": three postgraduate years either way
    assert kg.record("osteopathic neuromusculoskeletal medicine residency")["duration_years"] == {"min": 3, "max": 3}
    route = kg.route("US DO student", "neuromusculoskeletal medicine physician")
    assert route.total_years == {"min": 7, "max": 7}
    residency = route.steps[position(route, "osteopathic-neuromusculoskeletal-medicine-residency")]
    assert residency.when == "PGY-1\u2013PGY-3"


def test_neurodevelopmental_disabilities_is_four_years_after_pediatrics_and_one_after_child_neurology(kg):
    # ABP Pediatrics-NDD pathway: "48 months of combined training in neurology and neurodevelopmental disabilities
    # in a single ACGME accredited neurodevelopmental disabilities program" plus two years of pediatrics;
    # ABPN: NDD certification needs certification in neurology with special qualification in child neurology;
    # NDD training consortium: the 1-year NDD fellowship is for child-neurology-trained physicians
    after = {name: {o.id: o.years for o in kg.next(name)}["neurodevelopmental-disabilities-fellowship"]
             for name in ("pediatrics residency", "child neurology residency")}
    assert after == {"pediatrics residency": {"min": 4, "max": 4},
                     "child neurology residency": {"min": 1, "max": 1}}
    route = kg.route("US MD student", "neurodevelopmental disabilities specialist")
    assert route.total_years == {"min": 10, "max": 10}
    assert "pediatrics-residency" not in ids(route)
    assert position(route, "child-neurology-certification") \
        < position(route, "neurodevelopmental-disabilities-fellowship")
    assert route.steps[-1].id == "neurodevelopmental-disabilities-certification" and route.steps[-1].usual


@pytest.mark.parametrize("career, certification", [
    # ABOS offers two subspecialty certificates (hand surgery, orthopaedic sports medicine): other orthopaedic
    # fellowship graduates hold the ABOS orthopaedic surgery certificate (ABMS: specialists complete residency
    # and the board examination process)
    ("adult reconstructive orthopaedic surgeon", "orthopaedic-surgery-certification"),
    ("foot and ankle orthopaedic surgeon", "orthopaedic-surgery-certification"),
    ("orthopaedic oncologist", "orthopaedic-surgery-certification"),
    ("orthopaedic spine surgeon", "orthopaedic-surgery-certification"),
    ("orthopaedic trauma surgeon", "orthopaedic-surgery-certification"),
    ("pediatric orthopaedic surgeon", "orthopaedic-surgery-certification"),
    # ABR subspecialty certificates: neuroradiology, nuclear radiology, pediatric radiology, IR, hospice and
    # palliative medicine; abdominal and musculoskeletal radiologists hold the diagnostic radiology certificate
    ("abdominal radiologist", "diagnostic-radiology-certification"),
    ("musculoskeletal radiologist", "diagnostic-radiology-certification"),
    # ABA subspecialty certificates do not include obstetric, regional or pediatric cardiac anesthesiology
    ("obstetric anesthesiologist", "anesthesiology-certification"),
    ("regional anesthesiologist", "anesthesiology-certification"),
    ("pediatric cardiac anesthesiologist", "pediatric-anesthesiology-certification"),
    # ABO certifies no ophthalmic plastic surgery subspecialty; ABPS none in craniofacial surgery
    ("oculoplastic surgeon", "ophthalmology-certification"),
    ("craniofacial surgeon", "plastic-surgery-certification"),
    # ABPath issues a subspecialty certificate in neuropathology
    ("neuropathologist", "neuropathology-certification"),
])
def test_specialist_without_a_subspecialty_certificate_holds_the_primary_one(kg, career, certification):
    route = kg.route("US MD student", career)
    step = route.steps[position(route, certification)]
    assert step.usual and "not a legal requirement" in step.why


def test_dermatopathology_certificate_follows_a_dermatology_or_pathology_certificate(kg):
    # ABD: dermatopathology training follows "the full training requirements for certification in the primary
    # specialty of dermatology" and "is also offered to physicians with a primary certificate in pathology"
    route = kg.route("US MD student", "dermatopathologist")
    assert position(route, "pathology-certification") < position(route, "dermatopathology-fellowship")
    after_dermatology = kg.route("US MD student", "dermatopathology certification", have=["dermatology residency"])
    assert ids(after_dermatology)[-3:] == ["dermatology-certification", "dermatopathology-fellowship",
                                           "dermatopathology-certification"]


def test_urogynecology_is_three_years_after_obstetrics_and_two_after_urology(kg):
    # ABOG's FPMRS bulletin applies to gynecologists "who have completed an ACGME-approved 3-year fellowship";
    # ABU: a URPS fellowship "of at least 24 months" for urologists (AUGS fellows: two years and three)
    after = {name: {o.id: o.years for o in kg.next(name)}["urogynecology-reconstructive-pelvic-surgery-fellowship"]
             for name in ("obstetrics and gynecology residency", "urology residency")}
    assert after == {"obstetrics and gynecology residency": {"min": 3, "max": 3},
                     "urology residency": {"min": 2, "max": 2}}
    # 4 + 3 or 5 + 2 postgraduate years: training ends eleven years from the start of medical school
    # either way; the primary certificate then comes after ABOG's year of practice (12) or ABU's 16
    # months and February exam (12.6), so the quicker way to the usual certificate is obstetrics
    route = kg.route("US MD student", "urogynecologist")
    assert route.total_years == {"min": 12, "max": 12}
    assert "obstetrics-gynecology-residency" in ids(route)
    assert route.steps[position(route, "urogynecologist")].end_years == {"min": 11, "max": 11}
    through_obstetrics = kg.route("US MD student", "urogynecologist", avoid=["urology residency"])
    fellowship = through_obstetrics.steps[position(through_obstetrics,
                                                   "urogynecology-reconstructive-pelvic-surgery-fellowship")]
    assert fellowship.when == "PGY-5\u2013PGY-7"
