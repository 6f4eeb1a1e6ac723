"""Routes on the bundled graph, with the expected steps and years written out."""

import json
import os

import pytest

from careergraph import NoRouteError

US_MATCH = ["usmle-step-1", "usmle-step-2-ck", "eras-application", "nrmp-match"]


def ids(route):
    return [s.id for s in route.steps]


def test_us_md_student_to_interventional_cardiologist(kg):
    route = kg.route("US MD student", "interventional cardiologist")
    # Step 3 and the licence come during residency, before the fellowships (AMA "What is the USMLE?":
    # Step 3 "generally taken after the first year of residency"; every state requires at least one year
    # of accredited GME before a licence, AMA IMG licensure toolkit)
    # ABIM certifies in IM after the residency, then in cardiovascular disease, then in interventional
    # cardiology, each when its training ends
    assert ids(route) == ["md-program", *US_MATCH, "internal-medicine-residency", "usmle-step-3",
                          "state-medical-license", "internal-medicine-certification",
                          "cardiovascular-disease-fellowship", "cardiovascular-disease-certification",
                          "interventional-cardiology-fellowship", "interventional-cardiologist",
                          "interventional-cardiology-certification"]
    assert route.total_years == {"min": 11, "max": 11}
    assert [s.id for s in route.steps if s.added_for_prerequisite and not s.usual] == \
        ["usmle-step-3", "state-medical-license"]


def test_medical_school_to_academic_medicine(kg):
    route = kg.route("medical school", "academic medicine")
    assert ids(route)[:5] == ["md-program", *US_MATCH]
    residency = route.steps[5]
    assert residency.type == "residency"
    assert ids(route)[6:9] == ["usmle-step-3", "state-medical-license", "academic-physician"]
    # the shortest residency on record sets the minimum
    assert route.total_years["min"] == 4 + residency.years["min"]
    assert route.total_years == {"min": 7, "max": 7}
    # the 2-3 year ONMM residency is open only with osteopathic training, which an MD program does not give
    assert residency.id != "osteopathic-neuromusculoskeletal-medicine-residency"
    # no residency is shorter for a DO either: ONMM is three postgraduate years with its clinical year (AOA), and
    # a state may ask up to 3 years of GME before the licence (AMA IMG licensure toolkit)
    assert kg.route("US DO student", "academic medicine").total_years == {"min": 7, "max": 7}


def test_international_graduate_to_interventional_cardiology_goes_through_ecfmg(kg):
    route = kg.route("international medical graduate", "interventional cardiology")
    # ECFMG certification (Steps 1 and 2 CK, OET) before training; the visa question (J-1 through ECFMG
    # sponsorship, or H-1B, or none) between the Match and July 1 (ECFMG EVSP); training starts after
    # one application season (NRMP: Match Day in March, training on July 1)
    assert ids(route) == ["usmle-step-1", "usmle-step-2-ck", "oet-medicine", "ecfmg-certification",
                          "eras-application", "nrmp-match", "j1-visa", "img-training-authorization",
                          "internal-medicine-residency", "cardiovascular-disease-fellowship",
                          "interventional-cardiology-fellowship"]
    ecfmg = route.steps[3]
    assert ecfmg.added_for_prerequisite and ecfmg.required_by == "img-training-authorization"
    assert route.total_years == {"min": 7.8, "max": 7.8}


def test_us_do_student_to_family_physician(kg):
    route = kg.route("US DO student", "family physician")
    # ends with ABFM/AOBFP board certification, the usual standard (ABMS), not a legal requirement
    assert ids(route) == ["do-program", "comlex-level-1", "comlex-level-2-ce", "eras-application", "nrmp-match",
                          "family-medicine-residency", "comlex-level-3", "state-medical-license", "family-physician",
                          "family-medicine-certification"]
    assert route.steps[-1].usual and not route.steps[-2].usual
    assert route.total_years == {"min": 7, "max": 7}


def test_medical_school_to_medical_writing_needs_no_residency(kg):
    route = kg.route("medical school", "medical writing")
    assert ids(route) == ["md-program", "medical-writer"]
    assert route.total_years == {"min": 4, "max": 4}


def test_medical_school_to_pediatric_cardiology(kg):
    route = kg.route("medical school", "pediatric cardiology")
    assert ids(route) == ["md-program", *US_MATCH, "pediatrics-residency", "pediatric-cardiology-fellowship"]
    assert route.total_years == {"min": 10, "max": 10}


def test_via_med_peds(kg):
    route = kg.route("medical school", "cardiologist", via=["internal medicine-pediatrics residency"])
    assert "internal-medicine-pediatrics-residency" in ids(route)
    assert "internal-medicine-residency" not in ids(route)
    assert route.total_years == {"min": 11, "max": 11}


def test_avoid_internal_medicine(kg):
    route = kg.route("medical school", "cardiologist", avoid=["internal medicine residency"])
    assert "internal-medicine-residency" not in ids(route)
    assert "internal-medicine-pediatrics-residency" in ids(route)


def test_k_best_routes_are_ordered_and_distinct(kg):
    routes = kg.routes("US MD student", "cardiologist", k=3)
    assert len(routes) >= 2
    assert [r.total_years["min"] for r in routes] == sorted(r.total_years["min"] for r in routes)
    assert len({tuple(ids(r)) for r in routes}) == len(routes)
    assert routes[0].total_years == {"min": 10, "max": 10}


def test_have_skips_what_is_done(kg):
    route = kg.route("international medical graduate", "internal medicine residency",
                     have=["USMLE Step 1", "USMLE Step 2 CK", "ECFMG certificate"])
    assert "ecfmg-certification" not in ids(route)
    assert "usmle-step-1" not in ids(route)
    assert ids(route)[-1] == "internal-medicine-residency"


def test_everything_avoided_gives_a_reason(kg):
    with pytest.raises(NoRouteError, match="^no route from MD program to Cardiologist avoiding NRMP Main Residency Match: "):
        kg.route("medical school", "cardiologist", avoid=["NRMP Match"])


def test_requires_pediatric_cardiology(kg):
    plan = kg.requires("pediatric cardiology")
    order = [s.id for s in plan.steps]
    assert order[-1] == "pediatric-cardiology-fellowship"
    assert order.index("nrmp-match") < order.index("pediatrics-residency") < order.index(
        "pediatric-cardiology-fellowship")
    residency = plan.steps[order.index("pediatrics-residency")]
    assert "Internal medicine-pediatrics residency" in residency.alternatives
    assert plan.total_years["min"] == 10


def test_next_after_internal_medicine(kg):
    options = {o.id: o for o in kg.next("internal medicine residency")}
    assert options["cardiovascular-disease-fellowship"].years == {"min": 3, "max": 3}
    assert "gastroenterology-fellowship" in options


def test_route_cli_json_shape(run):
    result = run("route", "medical school", "pediatric cardiology", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["from"]["id"] == "md-program" and data["to"]["id"] == "pediatric-cardiology-fellowship"
    assert data["total_years"] == {"min": 10, "max": 10}
    assert {"id", "label", "type", "years", "added_for_prerequisite"} <= set(data["steps"][0])
    many = json.loads(run("route", "US MD student", "cardiologist", "-k", "2", "--format", "json").stdout)
    assert isinstance(many, list) and len(many) == 2


def test_route_cli_errors(run):
    unknown = run("route", "medical scool", "cardiologist")
    assert unknown.exit_code == 2 and "did you mean: md-program" in unknown.stderr
    blocked = run("route", "medical school", "cardiologist", "--avoid", "NRMP Match")
    assert blocked.exit_code == 1 and blocked.stderr.startswith("Error: no route from MD program to Cardiologist")
    same = run("route", "medical school", "MD program")
    assert same.exit_code == 2 and "same node" in same.stderr


def test_route_cli_table_shows_total(run):
    result = run("route", "medical school", "medical writing")
    assert result.stdout.rstrip().endswith("Total: 4 years, 2 steps")


@pytest.mark.slow
def test_every_fellowship_is_reachable_from_medical_school_through_a_residency(kg):
    fellowships = kg.nodes(type="fellowship")
    assert len(fellowships) >= 100
    unreachable = []
    for fellowship in fellowships:
        try:
            route = kg.route("medical school", fellowship.id)
        except NoRouteError as exc:
            unreachable.append(f"{fellowship.id}: {exc}")
            continue
        kinds = [s.type for s in route.steps]
        assert "residency" in kinds[:kinds.index("fellowship")], fellowship.id
        assert route.steps[-1].id == fellowship.id
    assert unreachable == []


def test_every_residency_has_length_board_and_source(kg):
    for residency in kg.nodes(type="residency"):
        record = kg.record(residency.id)
        assert record["duration_years"] and record["duration_years"]["min"] >= 1, residency.id
        assert record["certified_by"], residency.id
        assert any(s["url"] or s["file"] for s in record["sources"]), residency.id


def test_fellowships_name_their_board_or_say_there_is_none(kg):
    unanswered = []
    for fellowship in kg.nodes(type="fellowship"):
        record = kg.record(fellowship.id)
        if bool(record["certified_by"]) == record["no_board_certificate"]:
            unanswered.append(fellowship.id)
    assert unanswered == []
    dermatopathology = kg.record("dermatopathology fellowship")
    assert {b["id"] for b in dermatopathology["certified_by"]} == {"abd", "abpath"}
    assert "dermatopathology-certification" in {n["id"] for n in dermatopathology["leads_to"]}
    assert kg.record("pediatric orthopaedics fellowship")["no_board_certificate"] is True


def test_crosswalk_codes_are_listed_per_pathway(kg):
    assert kg.record("interventional cardiology fellowship")["codes"] == {"nucc": ["207RI0011X"]}
    assert kg.record("sports medicine fellowship")["codes"]["nucc"] == [
        "207PS0010X", "207QS0010X", "207RS0010X", "2080S0010X", "2081S0010X"]  # EM, FM, IM, pediatrics, PM&R
    assert kg.record("neurologist")["codes"] == {"onet": ["29-1217.00"]}


def test_a_subspecialty_certificate_is_no_way_to_the_board_certificate_it_requires(kg):
    # ABPM: "Current primary specialty certification is a core requirement to be eligible for the
    # Addiction Medicine certification exam." The addiction medicine certificate awards a board
    # certificate and requires one: the plan holds another certificate before it, and no cycle.
    plan = kg.requires("addiction medicine certification")
    ids = [s.id for s in plan.steps]
    assert ids[-1] == "addiction-medicine-certification"
    earlier = [i for i in ids[:-1] if i.endswith("-certification")]
    assert earlier and "addiction-medicine-fellowship" in ids


def test_every_step_that_awards_a_board_certificate_has_its_prerequisites(kg):
    # a certificate whose requirements are not in the graph would be a free way to "a board
    # certificate" for every route that needs one; such certificates award nothing until they are
    p = kg.compiled().projection
    free = [a for a in p.awarded_by["board-certificate"] if not p.requires.get(a) and not p.one_of.get(a)]
    assert free == []


@pytest.mark.slow
def test_equally_good_routes_are_chosen_the_same_way_in_every_process():
    # rdflib's triple order follows the process's hash seed; the answer must not
    import json
    import subprocess
    import sys

    script = (
        "import json, careergraph\n"
        "kg = careergraph.load(cache=False)\n"
        "asks = [('US MD student', 'plastic surgeon'), ('international medical graduate', 'internist'),\n"
        "        ('US MD student', 'pediatric cardiologist'), ('medical school', 'intensivist')]\n"
        "print(json.dumps([[s.id for s in r.steps] for a, b in asks for r in kg.routes(a, b, k=3)]))\n"
    )
    answers = {
        seed: json.loads(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                                        env={**os.environ, "PYTHONHASHSEED": seed}).stdout)
        for seed in ("1", "2")
    }
    assert answers["1"] == answers["2"]
