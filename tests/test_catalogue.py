"""The bundled graph against the table of ABMS certificates (tests/data/abms_certificates.csv)."""

import csv
import json
import re
from pathlib import Path

import pytest

TABLE = Path(__file__).parent / "data" / "abms_certificates.csv"


def _rows():
    with TABLE.open(newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return [(row["certificate"], set(row["boards"].split())) for row in csv.DictReader(lines)]


@pytest.mark.parametrize("certificate, boards", _rows(), ids=[name for name, _ in _rows()])
def test_certificate_is_a_node_by_its_official_name_and_linked_to_every_issuing_board(kg, certificate, boards):
    # Source of each row's boards: the issuing board's page named in the table.
    wanted = certificate.casefold()
    named = [ref for ref in kg.search(certificate, type="certification")
             if wanted in {name.casefold() for name in [ref.label, *kg.record(ref.id)["alt_labels"]]}]
    assert named, f"no certification node is named {certificate!r}"
    linked = {board["id"].upper() for ref in named for board in kg.record(ref.id)["certified_by"]}
    assert boards <= linked, f"{certificate}: boards not linked: {sorted(boards - linked)}"


def test_show_cardiologist_gives_a_dated_sourced_salary(kg):
    # Sources: BLS OEWS mean annual wages for cardiologists, May 2023 (Becker's ASC Review) and May 2022
    # (Becker's Hospital Review, from USAFacts); Medscape Physician Compensation Report 2024 (Becker's
    # Hospital Review) and Doximity Physician Compensation Report 2024 (Becker's ASC Review), both for 2023;
    # Medscape Physician Compensation Report 2025, for 2024 (Radiology Business).
    salaries = {(s["year"], s["measure"].split()[0]): s for s in kg.record("cardiologist")["salary"]}
    assert {key: (s["min"], s["max"], s["currency"]) for key, s in salaries.items()} == {
        ("2023-05", "BLS"): (423250, 423250, "USD"), ("2022-05", "BLS"): (421330, 421330, "USD"),
        ("2023", "Medscape"): (525000, 525000, "USD"), ("2023", "Doximity"): (565485, 565485, "USD"),
        ("2024", "Medscape"): (506000, 506000, "USD")}
    bls = salaries["2023-05", "BLS"]
    assert "mean annual wage" in bls["measure"] and "$423,250" in bls["quote"]
    assert "Cardiology: $565,485" == salaries["2023", "Doximity"]["quote"]


def test_show_cardiologist_prints_each_salary_with_its_period_measure_and_source(run):
    result = run("show", "cardiologist")
    assert result.exit_code == 0, result.stderr
    salary = result.stdout[result.stdout.index("salary"):result.stdout.index("\nsources")]
    assert "USD 423,250 (BLS OEWS mean annual wage, cardiologists (SOC 29-1212)" in salary
    assert ", 2023-05; checked 2026-11-30)" in salary
    assert "<https://www.beckersasc.com/asc-news/how-the-earnings-of-3-asc-specialties-stack-up.html>" in salary
    assert "USD 525,000 (Medscape Physician Compensation Report 2024" in salary


def test_every_salary_figure_has_a_source_a_quote_a_period_and_a_checked_date(kg):
    careers = [ref for ref in kg.nodes(type="career") if kg.record(ref.id)["salary"]]
    assert careers
    for ref in careers:
        for salary in kg.record(ref.id)["salary"]:
            assert salary["url"] and salary["source_title"] and salary["quote"], ref.id
            assert salary["year"] and salary["checked"] and salary["currency"] and salary["measure"], ref.id


def test_primary_care_and_specialist_physicians_have_medscapes_group_averages(kg):
    # Sources: Medscape Physician Compensation Report 2024 (compensation in 2023, Becker's ASC Review) and 2025
    # (compensation in 2024, Becker's Hospital Review): its averages for primary care physicians and specialists.
    def figures(career):
        return {s["year"]: s["min"] for s in kg.record(career)["salary"] if s["measure"].startswith("Medscape")}
    assert figures("primary-care-physician") == {"2023": 277000, "2024": 281000}
    assert figures("specialist-physician") == {"2023": 394000, "2024": 398000}


def test_internists_have_a_bls_wage_cited_to_bls_itself(kg):
    # Source: BLS, Occupational Employment and Wages, May 2011, 29-1063 Internists, General (the bls.gov page as
    # kept by the UNT Libraries web archive); the newer BLS figures are quoted by Becker's.
    from careergraph.validate import source_tier
    [figure] = [s for s in kg.record("internist")["salary"] if s["year"] == "2011-05"]
    assert (figure["min"], figure["max"], figure["currency"]) == (189210, 189210, "USD")
    assert "(SOC 29-1063" in figure["measure"] and "$189,210" in figure["quote"]
    assert source_tier(figure["url"]) == "primary"


def test_the_data_readme_lists_exactly_the_clinical_careers_without_a_salary(kg):
    readme = (Path(__file__).parents[1] / "graph" / "README.md").read_text()
    start = readme.index("No public, redistributable figure was found for these clinical careers")
    listed = set(re.findall(r"`([a-z0-9-]+)`", readme[start:readme.index("\n\n", start)]))
    records = [kg.record(ref.id) for ref in kg.nodes(type="career")]
    without = {r["id"] for r in records if r["career_category"] == "clinical" and not r["salary"]}
    assert listed == without


def test_the_shapes_reject_an_undated_salary(tmp_path):
    from .conftest import load_mini

    path = tmp_path / "salary.ttl"
    path.write_text('@prefix cg: <https://w3id.org/careergraph/> .\n@prefix schema: <https://schema.org/> .\n'
                    'cg:school cg:salary [ a cg:SalaryRange ; schema:minValue 1 ; schema:maxValue 1 ; '
                    'schema:currency "USD" ] .\n')
    messages = {v.message for v in load_mini(path).validate().violations}
    assert "a salary needs dcterms:date (the period it describes)" in messages
    assert "a salary needs cg:dateChecked (an xsd:date)" in messages


def test_the_match_as_a_whole_has_nrmp_figures_with_year_source_and_quote(kg):
    # Source: NRMP, Match Day press release for the 2024 Main Residency Match (nrmp.org/topic/results/).
    [figure] = kg.record("NRMP Main Residency Match")["match"]
    assert (figure["year"], figure["positions_offered"], figure["applicants"], figure["applicants_matched"],
            figure["match_rate"]) == ("2024", 41503, 44853, 35984, 80.2)
    assert figure["fill_rate"] is None and figure["share_us_md"] is None  # not in the press release
    assert figure["url"] == "https://www.nrmp.org/topic/results/" and figure["checked"] == "2026-11-30"
    assert "The PGY-1 match rate was 80.2 percent." in figure["quote"]


def test_show_json_gives_the_match_figures(run):
    # Source: NRMP, Match Day press release for the 2024 Main Residency Match (nrmp.org/topic/results/).
    result = run("show", "the Match", "--format", "json")
    assert result.exit_code == 0, result.stderr
    [figure] = json.loads(result.stdout)["match"]
    assert (figure["year"], figure["match_rate"], figure["source"]) == ("2024", 80.2, "src-nrmp-2024-match-day")
    table = run("show", "the Match").stdout
    assert "2024: 41,503 positions offered, 44,853 applicants, 35,984 matched, match rate 80.2%" in table


def test_every_match_figure_has_a_source_a_quote_a_year_and_a_checked_date(kg):
    figured = [ref for kind in ("residency", "process") for ref in kg.nodes(type=kind) if kg.record(ref.id)["match"]]
    assert figured
    for ref in figured:
        for figure in kg.record(ref.id)["match"]:
            assert figure["url"] and figure["source_title"] and figure["quote"], ref.id
            assert figure["year"] and figure["checked"] and figure["measure"], ref.id


def test_the_shapes_reject_an_undated_unsourced_or_impossible_match_figure(tmp_path):
    from .conftest import load_mini

    path = tmp_path / "match.ttl"
    path.write_text('@prefix cg: <https://w3id.org/careergraph/> .\n'
                    '@prefix dcterms: <http://purl.org/dc/terms/> .\n'
                    'cg:school cg:matchFigure [ a cg:MatchFigure ; cg:fillRate 120.5 ; cg:positionsOffered -3 ; '
                    'cg:measure "positions" ; dcterms:date "2024-03" ] ,\n'
                    '  [ a cg:MatchFigure ; cg:measure "nothing" ] .\n')
    messages = {v.message for v in load_mini(path).validate().violations}
    assert "a Match figure needs one dcterms:date (the Match year, an xsd:gYear)" in messages
    assert "a Match figure needs cg:dateChecked (an xsd:date)" in messages
    assert "a Match figure needs a dcterms:source naming a cg:Source" in messages
    assert "a Match figure needs a cg:quote from its source" in messages
    assert "cg:fillRate is one percentage, a decimal from 0 to 100" in messages
    assert "cg:positionsOffered is one whole number, at least 0" in messages
    assert "a Match figure needs at least one number (positions, applicants or a rate)" in messages


def test_stats_give_the_oldest_and_newest_day_match_figures_were_checked(kg):
    assert kg.stats()["match_checked"] == {"oldest": "2026-11-30", "newest": "2026-11-30"}


def test_a_certificate_open_without_fellowship_says_until_when(kg):
    # Source: ABFM, CAQ in HALM: "Practice-Only Pathway (expires December 31, 2030)".
    record = kg.record("Health Care Administration, Leadership, and Management")
    assert (record["id"], record["practice_pathway_until"]) == (
        "health-care-administration-leadership-management-certification", "2030-12-31")
    assert kg.record("neurocritical care certification")["practice_pathway_until"] is None


def _ids(steps):
    return [step.id for step in steps]


def test_a_do_route_can_end_in_aoa_board_certification(kg):
    # Source: AOBIM board policies (certification.osteopathic.org/internal-medicine/board-policies): "You must be a
    # graduate of a COCA-accredited college of osteopathic medicine and have completed an AOA or ACGME-accredited
    # training program ..." and "You must hold a valid, active license to practice medicine".
    route = kg.route("US DO student", "AOBIM certification in internal medicine")
    ids = _ids(route.steps)
    assert (ids[0], ids[-1]) == ("do-program", "osteopathic-internal-medicine-certification")
    assert {"internal-medicine-residency", "state-medical-license"} <= set(ids)
    assert route.total_years == {"min": 7, "max": 7}
    record = kg.record("osteopathic-internal-medicine-certification")
    assert [board["id"] for board in record["certified_by"]] == ["aobim"]


def test_aobnp_certifies_only_graduates_of_osteopathic_schools(kg):
    # Source: AOBNP board policies: "Be a graduate of an AOA-accredited college of osteopathic medicine."
    from careergraph.errors import NoRouteError

    assert _ids(kg.route("US DO student", "AOA board certification in neurology").steps)[-2:] == [
        "state-medical-license", "osteopathic-neurology-certification"]
    with pytest.raises(NoRouteError):
        kg.route("US MD student", "AOA board certification in neurology")


def test_neurocritical_care_is_two_years_after_a_co_sponsoring_boards_certificate(kg):
    # Sources: EMRA: "This is a 2-year fellowship offered to graduates of residency programs in Anesthesia,
    # Emergency Medicine, Neurosurgery, Psychiatry, and Neurology."; ABIM neurocritical care policies: the program
    # "is jointly developed by" ABA, ABEM, ABIM, ABNS and ABPN.
    route = kg.route("US MD student", "neurocritical care certification")
    ids = _ids(route.steps)
    assert ids[-3:] == ["emergency-medicine-certification", "neurocritical-care-fellowship",
                        "neurocritical-care-certification"]
    assert route.steps[-2].years == {"min": 2, "max": 2}
    boards = {board["id"] for board in kg.record("neurocritical care certification")["certified_by"]}
    assert boards == {"aba", "abem", "abim", "abns", "abpn"}


def test_surgical_critical_care_diplomates_certify_in_neurocritical_care_through_aba(kg):
    # Source: ABS neurocritical care: "Diplomates who are certified in surgical critical care by the ABS may be
    # eligible for the neurocritical care subspecialty certification, offered through the American Board of
    # Anesthesiology (ABA)."
    record = kg.record("neurocritical care certification")
    ways_in = {option["id"] for group in record["requires_one_of"] for option in group}
    assert {"surgical-critical-care-certification", "critical-care-medicine-certification"} <= ways_in
    assert "aba" in {board["id"] for board in record["certified_by"]}


def test_halm_needs_a_primary_certificate_of_one_of_its_four_boards(kg):
    # Sources: ABFM CAQ in HALM: "Continuously maintain your family medicine certification." and "The ACGME
    # accredits HALM fellowships of 12 and 24 months in length."; Radiology Business: anesthesiology, emergency,
    # family and preventive medicine co-sponsored the certificate.
    family = _ids(kg.requires("HALM", have=["family medicine residency", "family medicine certification"]).steps)
    assert family == ["health-care-administration-leadership-management-fellowship",
                      "health-care-administration-leadership-management-certification"]
    pediatric = _ids(kg.requires("HALM", have=["pediatrics residency", "pediatrics certification"]).steps)
    four = {"anesthesiology-certification", "emergency-medicine-certification", "family-medicine-certification",
            "preventive-medicine-certification"}
    assert len(four & set(pediatric)) == 1  # a pediatrician's certificate does not count: one of the four is added
    assert kg.record("HALM fellowship")["duration_years"] == {"min": 1, "max": 2}


def test_a_laboratory_genetics_certificate_is_no_way_to_a_clinical_subspecialty(kg):
    # Source: ABMGG exam requirements: "Laboratory Genetics and Genomics – M.D., D.O., or Ph.D." — a two-year
    # postdoctoral certificate open to PhDs is not the primary certificate that pain medicine builds on
    # (ABEM: "Be certified by ABEM; Successfully complete an ACGME-accredited, Pain Medicine fellowship").
    route = kg.route("US MD student", "Laboratory Genetics and Genomics")
    assert _ids(route.steps) == ["md-program", "laboratory-genetics-genomics-fellowship",
                                 "laboratory-genetics-genomics-certification"]
    assert route.total_years == {"min": 6, "max": 6}
    pain = _ids(kg.route("US MD student", "pain medicine certification").steps)
    assert not any("genetics" in step for step in pain) and any(s.endswith("-residency") for s in pain)


def test_medical_biochemical_genetics_is_a_year_after_clinical_genetics_certification(kg):
    # Source: HMS genetics training programme: MBG programmes "are one year in duration, and available only to
    # licensed physicians who are board certified by the ABMG as clinical geneticists."
    ids = _ids(kg.route("US MD student", "Medical Biochemical Genetics").steps)
    assert ids[-3:] == ["medical-genetics-certification", "medical-biochemical-genetics-fellowship",
                        "medical-biochemical-genetics-certification"]
    assert kg.record("MBG fellowship")["duration_years"] == {"min": 1, "max": 1}


def test_hospice_and_palliative_medicine_is_issued_by_its_five_cosponsoring_boards_only(kg):
    # Sources: ABIM's Hospice & Palliative Medicine Policies (co-sponsors ABIM, ABA, ABEM, ABFM and ABP; ABOG,
    # ABPMR, ABPN, ABR and ABS are qualifying boards whose diplomates certify through ABIM); ABS's and ABPMR's
    # HPM pages (those boards moved from co-sponsoring to qualifying boards and no longer issue the certificate).
    record = kg.record("hospice-palliative-medicine-certification")
    assert {board["id"] for board in record["certified_by"]} == {"aba", "abem", "abfm", "abim", "abp"}


def test_sports_medicine_is_no_longer_issued_by_abim(kg):
    # Sources: ABEM's Sports Medicine Overview (ABEM, ABFM, ABIM and ABP sponsors since 1992, ABPMR since 2007);
    # ABIM's Exam Administration History ("1993 – Sports Medicine (offered until 2022)"); ABEM's sports
    # medicine continuing certification page (EM and IM physicians certified in Sports Medicine, by ABEM).
    for name in ["sports-medicine-certification", "sports-medicine-fellowship"]:
        boards = {board["id"] for board in kg.record(name)["certified_by"]}
        assert boards == {"abem", "abfm", "abp", "abpmr"}, name
    route = kg.route("internal medicine residency", "sports medicine certification")
    assert "sports-medicine-fellowship" in [step.id for step in route.steps]


def test_abim_subspecialty_certificates_have_their_board_from_a_primary_source(kg):
    # Source: ABIM's list of the subspecialties it certifies (news release, March 24, 2011) and its policy pages.
    from careergraph.validate import provenance

    missing = {(fact["node"], fact["property"]) for fact in provenance(kg.graph).without_primary}
    for name in ["cardiovascular-disease-certification", "endocrinology-diabetes-metabolism-certification",
                 "infectious-disease-certification", "nephrology-certification", "pulmonary-disease-certification",
                 "advanced-heart-failure-transplant-cardiology-certification", "geriatric-medicine-certification",
                 "sports-medicine-certification", "hospice-palliative-medicine-certification"]:
        assert (f"cg:{name}", "cg:certifiedBy") not in missing, name


def test_internal_medicine_residency_is_three_years_on_a_primary_source(kg):
    # Sources: AAMC Careers in Medicine, Internal Medicine ("Length of Training 3 year(s)"; internists are
    # "trained in the essentials of primary care internal medicine"); ABIM's hematology and medical oncology
    # policies (the fellowship training must be ACGME-accredited).
    from careergraph.validate import provenance

    record = kg.record("internal-medicine-residency")
    assert record["duration_years"] == {"min": 3, "max": 3}
    missing = {(fact["node"], fact["property"]) for fact in provenance(kg.graph).without_primary}
    for node, prop in [("internal-medicine-residency", "minYears"), ("internal-medicine-residency", "maxYears"),
                       ("internist", "careType"), ("hematology-certification", "requiresOneOf"),
                       ("medical-oncology-certification", "requiresOneOf")]:
        assert (f"cg:{node}", f"cg:{prop}") not in missing, (node, prop)


def test_adolescent_medicine_is_two_years_for_abfm_and_three_for_abp(kg):
    # Sources: ABFM CAQ FAQ ("a minimum of two years full-time training in an Adolescent Medicine fellowship
    # program approved by the ACGME"); ABP Adolescent Medicine Certification ("Three years of full-time, broad
    # based fellowship training in adolescent medicine are required"), which names ABIM and ABFM as partners.
    route = kg.route("family medicine residency", "adolescent medicine certification")
    [fellowship] = [step for step in route.steps if step.id == "adolescent-medicine-fellowship"]
    assert fellowship.years == {"min": 2, "max": 3}
    boards = {board["id"] for board in kg.record("adolescent-medicine-fellowship")["certified_by"]}
    assert boards == {"abfm", "abim", "abp"}
