"""The bundled graph against the table of ABMS certificates (tests/data/abms_certificates.csv)."""

import csv
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
