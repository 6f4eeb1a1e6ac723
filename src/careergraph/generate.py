"""A synthetic but realistically shaped career graph, for benchmarks and tests at scale.

The generated nodes plug into the bundled graph: residencies require the Match and a medical degree,
fellowships require one or two residencies (some a first-level fellowship), and every training leads
to a board certification and a specialist role, each node with a sourced piece of evidence.
"""

from __future__ import annotations

import random
from pathlib import Path

from .errors import OutputError
from .files import replace_file
from .vocab import CG

__all__ = ["BOARDS", "generate"]

BOARDS = ["abim", "abp", "abs", "abpn", "abr", "aba", "abem", "abfm", "abpath", "abog"]


def _iri(slug: str) -> str:
    return f"<{CG}{slug}>"


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(triples: int, out_dir, *, seed: int = 0) -> Path:
    """Write about ``triples`` triples as N-Triples to ``out_dir/generated.nt`` (atomically).

    Returns the path written. The same ``triples`` and ``seed`` always give the same file.
    """
    if triples < 100:
        raise OutputError("generate at least 100 triples")
    rng = random.Random(seed)
    out_dir = Path(out_dir)
    target = out_dir / "generated.nt"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot write: {exc.strerror}") from None
    with replace_file(target) as out:
        _write(out, triples, rng)
    return target


def _write(out, triples: int, rng: random.Random) -> None:
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    skos = "http://www.w3.org/2004/02/skos/core#"
    dct = "http://purl.org/dc/terms/"
    written = 0
    count = 0

    def emit(s, p, o):
        nonlocal written
        out.write(f"{s} {p} {o} .\n")
        written += 1

    def cg(name):
        return _iri(name)

    def node(slug, cls, label, source, years=None):
        nonlocal count
        count += 1
        s = _iri(slug)
        emit(s, rdf_type, cg(cls))
        emit(s, f"<{skos}prefLabel>", _lit(label) + "@en")
        emit(s, f"<{skos}altLabel>", _lit(label.lower().replace(" residency", "").replace(" fellowship", "")) + "@en")
        emit(s, f"<{skos}definition>", _lit(f"Synthetic {cls.lower()} number {count} for scale tests.") + "@en")
        if years is not None:
            emit(s, cg("minYears"), f'"{years[0]}"^^<http://www.w3.org/2001/XMLSchema#integer>')
            emit(s, cg("maxYears"), f'"{years[1]}"^^<http://www.w3.org/2001/XMLSchema#integer>')
        evidence = f"_:ev{count}"
        emit(s, cg("evidence"), evidence)
        emit(evidence, rdf_type, cg("Evidence"))
        emit(evidence, f"<{dct}source>", _iri(source))
        emit(evidence, cg("quote"), _lit(f"Generated fact {count}."))
        return s

    family = 0
    while written < triples:
        family += 1
        source = f"gen-source-{family}"
        emit(_iri(source), rdf_type, cg("Source"))
        emit(_iri(source), f"<{dct}title>", _lit(f"Generated source {family}"))
        emit(_iri(source), "<https://schema.org/url>", f"<https://example.org/generated/{family}>")
        board = cg(rng.choice(BOARDS))
        residency = node(f"gen-residency-{family}", "Residency", f"Generated specialty {family} residency",
                         source, (rng.randint(3, 5),) * 2)
        emit(residency, cg("requires"), cg("nrmp-match"))
        group = f"_:alt{family}"
        emit(residency, cg("requiresOneOf"), group)
        emit(group, rdf_type, cg("Alternatives"))
        for option in ("md-degree", "do-degree", "ecfmg-certificate"):
            emit(group, cg("option"), cg(option))
        emit(residency, cg("certifiedBy"), board)
        emit(residency, cg("awards"), cg("residency-completion"))
        emit(residency, cg("awards"), cg("pgy1-completion"))  # its first year counts for the licence
        trainings = [(residency, f"specialty {family}")]
        first_level: list[str] = []
        for index in range(rng.randint(2, 6)):
            name = f"subspecialty {family}.{index}"
            fellowship = node(f"gen-fellowship-{family}-{index}", "Fellowship", f"Generated {name} fellowship",
                              source, (1, rng.randint(1, 3)))
            parent = rng.choice(first_level) if first_level and rng.random() < 0.25 else residency
            emit(fellowship, cg("requires"), parent)
            emit(fellowship, cg("subspecialtyOf"), parent)
            emit(fellowship, cg("certifiedBy"), board)
            emit(fellowship, cg("awards"), cg("fellowship-completion"))
            if parent == residency:
                first_level.append(fellowship)
            trainings.append((fellowship, name))
        for training, name in trainings:
            slug = training[len(CG) + 1:-1]
            certification = node(f"{slug}-certification", "Certification", f"Board certification in generated {name}",
                                 source)
            emit(certification, cg("requires"), training)
            emit(certification, cg("certifiedBy"), board)
            emit(certification, cg("awards"), cg("board-certificate"))
            role = node(f"{slug}-specialist", "Career", f"Generated {name} specialist", source)
            emit(role, cg("requires"), training)
            emit(role, cg("requires"), cg("medical-license"))
            emit(role, cg("careerCategory"), _lit("clinical"))
            emit(training, cg("leadsTo"), certification)
