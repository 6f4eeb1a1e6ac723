"""Dated plans, comparisons and reach: their dates, numbers and sets against route, and bad input."""

import csv
import io
import json
from datetime import date, timedelta

import pytest

from careergraph import planning
from careergraph.errors import BadInputError, NoRouteError, OutputError

# ------------------------------------------------------------------ plan


def event(plan, label_start):
    found = [e for e in plan.events if e.label.startswith(label_start)]
    assert found, f"no event {label_start!r} in {[e.label for e in plan.events]}"
    return found[0]


def test_us_md_student_matches_in_march_of_the_final_year_and_starts_on_1_july(kg):
    # NRMP (nrmp.org, U.S. seniors): Match Day in mid-March; "enter residency training on July 1 in
    # the year of the Match". A 4-year MD program (LCME) from August 2026 ends in 2030.
    plan = kg.plan("US MD student", "internal medicine residency", "2026-08")
    school = event(plan, "MD program")
    residency = event(plan, "Internal medicine residency")
    match_day = event(plan, "Match Day")
    assert school.start == date(2026, 8, 1)
    assert residency.start == date(2030, 7, 1)
    assert residency.end == date(2033, 6, 30)  # ACGME: three years of internal medicine
    assert school.end < residency.start
    assert match_day.start.year == 2030 and match_day.start.month == 3 and match_day.end.month == 3
    # AAMC ERAS timeline: applications go to programs in September of the year before the start
    submission = event(plan, "ERAS: applicants may begin submitting")
    assert (submission.start.year, submission.start.month) == (2029, 9)
    # NRMP: interviews "typically begin in October and continue through January"
    interviews = event(plan, "Residency interview season")
    assert (interviews.start, interviews.end) == (date(2029, 10, 1), date(2030, 1, 31))
    # the rows are in date order, and every calendar row names its sources
    starts = [e.start for e in plan.events]
    assert starts == sorted(starts)
    assert all(e.sources for e in plan.events if e.step in ("eras-application", "nrmp-match"))


def test_plan_dates_the_later_stages_and_the_board_examinations(kg):
    # ABIM: the Internal Medicine exam is in August, its subspecialty exams in October-November.
    plan = kg.plan("US MD student", "cardiologist", "2026-08")
    fellowship = event(plan, "Cardiovascular disease fellowship")
    assert (fellowship.start, fellowship.end) == (date(2033, 7, 1), date(2036, 6, 30))
    im_exam = event(plan, "ABIM Internal Medicine")
    assert (im_exam.start, im_exam.end) == (date(2033, 8, 1), date(2033, 8, 31))
    sub_exam = event(plan, "ABIM subspecialty")
    assert (sub_exam.start, sub_exam.end) == (date(2036, 10, 1), date(2036, 11, 30))
    # the fellowship match's calendar is not in the graph for cardiovascular disease: said, not guessed
    assert "own calendar" in fellowship.note
    assert plan.route.total_years == kg.route("US MD student", "cardiologist").total_years


def test_a_msmp_fellowship_gets_its_december_match_day(kg):
    # NRMP press releases: MSMP results are released in early December for the next appointment year.
    plan = kg.plan("internal medicine residency", "allergy and immunology fellowship", "2027-07",
                   have=["internal medicine residency"])
    fellowship = event(plan, "Allergy and immunology fellowship")
    match_day = event(plan, "Match Day of the NRMP Medical Specialties")
    assert fellowship.start.month == 7 and fellowship.start.day == 1
    assert (match_day.start.year, match_day.start.month) == (fellowship.start.year - 1, 12)


def test_a_cycle_already_under_way_waits_for_the_next_one(kg):
    # Starting in October, this season's September ERAS submission is over: training starts a year later.
    august = kg.plan("IMG", "internal medicine residency", "2026-08")
    october = kg.plan("IMG", "internal medicine residency", "2026-10")
    assert event(august, "Internal medicine residency").start == date(2027, 7, 1)
    assert event(october, "Internal medicine residency").start == date(2028, 7, 1)
    # nothing of the plan is over before it starts
    assert all(e.end >= date(2026, 10, 1) for e in october.events)


@pytest.mark.parametrize("start", ["2026-13", "2026-00", "26-08", "2026/08", "August 2026", "2026-08-01"])
def test_an_impossible_start_is_bad_input(kg, start):
    with pytest.raises(BadInputError, match="impossible start date"):
        kg.plan("US MD student", "internist", start)


@pytest.mark.slow
def test_plan_cli_formats_and_errors(run):
    table = run("plan", "US MD student", "internal medicine residency", "--start", "2026-08")
    assert table.exit_code == 0, table.stderr
    assert "2030-07-01" in table.stdout and "Match Day" in table.stdout
    data = json.loads(run("plan", "US MD student", "internal medicine residency", "--start", "2026-08",
                          "--format", "json").stdout)
    assert data["start"] == "2026-08" and data["to"]["id"] == "internal-medicine-residency"
    assert {"start", "end", "label", "step", "type", "sources", "note"} <= set(data["events"][0])
    rows = list(csv.DictReader(io.StringIO(run("plan", "US MD student", "internal medicine residency",
                                               "--start", "2026-08", "--format", "csv").stdout)))
    assert [r["label"] for r in rows] == [e["label"] for e in data["events"]]

    bad = run("plan", "US MD student", "internist", "--start", "2026-13")
    assert bad.exit_code == 2 and "impossible start date '2026-13'" in bad.stderr and "Traceback" not in bad.output
    unknown = run("plan", "US MD student", "cardiologst", "--start", "2026-08")
    assert unknown.exit_code == 2 and "did you mean: cardiologist" in unknown.stderr


# ------------------------------------------------------------------ iCalendar


def test_the_ics_file_parses_back_with_the_same_events(run, tmp_path, kg):
    from icalendar import Calendar

    path = tmp_path / "plan.ics"
    result = run("plan", "US MD student", "cardiologist", "--start", "2026-08", "--ics", path)
    assert result.exit_code == 0, result.stderr
    parsed = Calendar.from_ical(path.read_bytes())
    events = parsed.walk("VEVENT")
    plan = kg.plan("US MD student", "cardiologist", "2026-08")
    # all-day events: DTEND is the day after the last day (RFC 5545)
    assert [(str(e["SUMMARY"]), e["DTSTART"].dt, e["DTEND"].dt - timedelta(days=1)) for e in events] == \
        [(p.label, p.start, p.end) for p in plan.events]
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    assert all(("DTSTAMP" in e) for e in events) and str(parsed["VERSION"]) == "2.0"


def test_ics_into_an_unwritable_place_leaves_nothing(run, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = run("plan", "US MD student", "internist", "--start", "2026-08", "--ics", blocker / "plan.ics")
    assert result.exit_code == 2 and "cannot write" in result.stderr and "Traceback" not in result.output
    assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_a_failed_rename_keeps_the_old_file_and_no_temporary(kg, tmp_path, monkeypatch):
    from careergraph import files, ics

    path = tmp_path / "plan.ics"
    path.write_bytes(b"old")

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", fail)
    with pytest.raises(OutputError, match="No space left"):
        ics.write_ics(kg.plan("US MD student", "internist", "2026-08"), path)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.ics"]


# ------------------------------------------------------------------ compare


def test_comparison_numbers_equal_route_and_show(kg):
    names = ["internist", "cardiologist", "family medicine residency"]
    comparison = kg.compare(names)
    for name, item in zip(names, comparison.items):
        route = kg.route("US MD student", name)
        assert item.total_years == route.total_years
        assert [t["id"] for t in item.training] == [s.id for s in route.steps if s.years and
                                                    s.type in ("residency", "fellowship", "preliminary-year")]
        assert list(item.exams) == [s.label for s in route.steps if s.type == "exam"]
        record = kg.record(name)
        assert item.career_category == record["career_category"]
        assert list(item.salary) == record["salary"]
    internist, cardiologist, family = comparison.items
    # ACGME: internal medicine 3 years, cardiovascular disease fellowship 3 years; after a 4-year MD
    assert internist.total_years["min"] == 7 and cardiologist.total_years["min"] == 10
    assert "American Board of Internal Medicine" in cardiologist.boards  # ABIM certifies cardiology
    assert "Cardiovascular disease fellowship" in internist.fellowships_after
    # ABFM certifies family medicine; AOBFP's board policies: "graduate of a LCME-accredited medical
    # school and have completed an ACGME-accredited training program" qualifies an MD too
    assert family.boards == ("American Board of Family Medicine", "American Osteopathic Board of Family Physicians")
    assert kg.record("internist")["care_type"] in internist.care_type


def test_compare_cli_one_column_per_item_and_errors(run):
    result = run("compare", "internist", "cardiologist", "pediatrician", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["field", "Internist", "Cardiologist", "Pediatrician"]
    assert dict((r[0], r[1:]) for r in rows)["total years"] == ["7", "10", "7"]
    data = json.loads(run("compare", "internist", "cardiologist", "--format", "json").stdout)
    assert [i["node"]["id"] for i in data["items"]] == ["internist", "cardiologist"]
    table = run("compare", "internist", "cardiologist")
    assert table.exit_code == 0 and "Cardiologist" in table.stdout.splitlines()[1]

    unknown = run("compare", "internist", "cardiologst")
    assert unknown.exit_code == 2 and "did you mean: cardiologist" in unknown.stderr
    one = run("compare", "internist")
    assert one.exit_code == 2 and "at least two" in one.stderr
    exam = run("compare", "internist", "USMLE Step 1")
    assert exam.exit_code == 2 and "USMLE Step 1 (exam) is not a specialty or a career" in exam.stderr


def test_compare_gives_the_match_figures_of_the_residency_entered_through_the_match(tmp_path, run):
    # Made-up figures (not facts) on internal medicine, which internists and cardiologists enter by the Match.
    extra = tmp_path / "match.ttl"
    extra.write_text('@prefix cg: <https://w3id.org/careergraph/> .\n@prefix dcterms: <http://purl.org/dc/terms/> .\n'
                     '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
                     'cg:internal-medicine-residency cg:matchFigure [ a cg:MatchFigure ; dcterms:date "2024"^^xsd:gYear ; '
                     'cg:fillRate 96.7 ; cg:positionsOffered 10941 ; cg:measure "test" ; '
                     'cg:dateChecked "2026-11-30"^^xsd:date ; dcterms:source cg:src-nrmp-2024-match-day ; '
                     'cg:quote "test" ] .\n')
    result = run("--graph", extra, "compare", "internal medicine residency", "cardiologist", "pediatrician",
                 "--format", "json")
    assert result.exit_code == 0, result.stderr
    residency, cardiologist, pediatrician = json.loads(result.stdout)["items"]
    assert [(m["year"], m["fill_rate"], m["positions_offered"], m["source"]) for m in residency["match"]] == [
        ("2024", 96.7, 10941, "src-nrmp-2024-match-day")]
    assert cardiologist["match"] == residency["match"]
    assert pediatrician["match"] == []
    table = run("--graph", extra, "compare", "internist", "pediatrician", "--format", "csv")
    rows = dict((r[0], r[1:]) for r in csv.reader(io.StringIO(table.stdout)))
    assert rows["NRMP Match"] == ["2024: 10,941 positions offered, fill rate 96.7% (src-nrmp-2024-match-day)",
                                  "not in the graph"]


# ------------------------------------------------------------------ reach


@pytest.mark.slow
def test_reach_members_each_match_their_route(kg):
    reach = kg.reach("emergency medicine residency", 3)
    assert reach.items
    years = [(i.added_years["min"], i.added_years["max"]) for i in reach.items]
    assert years == sorted(years)
    for item in reach.items:
        route = kg.route("emergency medicine residency", item.node["id"], have=["emergency medicine residency"])
        assert item.added_years == route.total_years, item.node["id"]
        assert [s.id for s in item.route.steps] == [s.id for s in route.steps]
        assert item.added_years["min"] <= 3
    ids = {i.node["id"] for i in reach.items}
    # ABIM/ABEM: EM diplomates enter critical care medicine fellowships (2 years); ACMT/ABEM: medical
    # toxicology (2 years); ABEM: EMS (1-2 years)
    assert {"critical-care-medicine-fellowship", "medical-toxicology-fellowship",
            "emergency-medical-services-fellowship"} <= ids
    # a second residency plus a fellowship does not fit: cardiology needs internal medicine (3) + 3 years
    assert "cardiovascular-disease-fellowship" not in ids


@pytest.mark.slow
def test_reach_grows_with_the_years_and_filters_by_kind(kg):
    near = {i.node["id"] for i in kg.reach("emergency medicine residency", 1).items}
    far = {i.node["id"] for i in kg.reach("emergency medicine residency", 3).items}
    assert near < far
    fellowships = kg.reach("emergency medicine residency", 3, type="fellowship")
    assert fellowships.items and all(i.node["type"] == "fellowship" for i in fellowships.items)
    assert {i.node["id"] for i in fellowships.items} == {i for i in far if kg.node(i).type == "fellowship"}


def test_reach_bad_input_and_nothing_reachable(kg, run):
    with pytest.raises(BadInputError):
        kg.reach("emergency medicine residency", -1)
    with pytest.raises(NoRouteError, match=r"nothing follows Continuing certification \(MOC\) and CME"):
        kg.reach("continuing certification", 5)
    negative = run("reach", "emergency medicine residency", "--within", "-1")
    assert negative.exit_code == 2 and "--within" in negative.stderr
    nothing = run("reach", "continuing certification", "--within", "2")
    assert nothing.exit_code == 1 and "nothing follows Continuing certification (MOC) and CME in the graph" in nothing.stderr
    none_in_time = run("reach", "US MD student", "--within", "1", "--type", "residency")
    assert none_in_time.exit_code == 1 and "no residency is reachable" in none_in_time.stderr
    unknown = run("reach", "emergncy medicine residency", "--within", "2")
    assert unknown.exit_code == 2 and "did you mean" in unknown.stderr


def test_reach_cli_formats(run):
    result = run("reach", "emergency medicine residency", "--within", "2", "--type", "fellowship", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["within"] == 2 and data["type"] == "fellowship"
    assert {"node", "added_years", "steps"} <= set(data["reachable"][0])
    rows = list(csv.DictReader(io.StringIO(run("reach", "emergency medicine residency", "--within", "2",
                                               "--type", "fellowship", "--format", "csv").stdout)))
    assert [r["id"] for r in rows] == [i["node"]["id"] for i in data["reachable"]]
    table = run("reach", "emergency medicine residency", "--within", "2", "--type", "fellowship")
    assert "Within 2 further years of Emergency medicine residency (fellowship)" in table.stdout


def test_start_parsing():
    assert planning.parse_start("2026-08") == date(2026, 8, 1)
    assert planning.add_months(date(2026, 8, 1), 47) == date(2030, 7, 1)


def test_plan_and_compare_are_the_same_on_oxigraph(kg):
    import careergraph

    pytest.importorskip("pyoxigraph")
    oxigraph = careergraph.load(store="oxigraph")
    assert oxigraph.plan("US MD student", "cardiologist", "2026-08").to_dict() == \
        kg.plan("US MD student", "cardiologist", "2026-08").to_dict()
    assert oxigraph.compare(["internist", "cardiologist"]).to_dict() == kg.compare(["internist", "cardiologist"]).to_dict()
