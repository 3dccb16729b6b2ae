#!/usr/bin/env python3
"""Write ``fixtures/citations/``: demo papers that cite each other and the papers of ``fixtures/``.

Usage: ``python scripts/make_citation_fixtures.py`` (needs reportlab, a dev dependency).

Each paper prints its whole reference list in one style (natbib author-year, APA, numbered
IEEE with quoted titles, ACM with full names, numbered with DOIs/arXiv ids). The lists mix
references to archive papers with outside works and near misses (an outside paper whose title
is close to an archive paper's, by other authors). ``links.json`` records, for every citing
file stem, each reference position and the file stem it cites (``null`` for outside works):
the true links a resolver is scored against. All titles, names and numbers are invented.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
OUT = FIXTURES / "citations"
NOTICE = (
    "Proceedings of the 43rd International Conference on Machine Learning, Seoul, South Korea. "
    "PMLR 306, 2026. Copyright 2026 by the author(s)."
)
WORKSHOP = "Presented at the ICML 2025 Workshop on Efficient Reasoning, Vancouver, Canada, 2025."

# id: title, authors (given, family), year, arxiv id, style, cites (stems or outside keys)
PAPERS: dict[str, dict] = {
    "ahn26budget": dict(
        title="Budgeted Decoding for Long Reasoning Traces",
        authors=[("Soo-ah", "Ahn"), ("Marco", "Bellini")],
        year=2025,
        arxiv=None,
        style="natbib",
        notice=WORKSHOP,
        cites=[
            "yilmaz26budget",
            "nunez26earlyexit",
            "x:vaswani",
            "x:nearbudget",
            "berg26speculative",
        ],
    ),
    "ahn26budgetscale": dict(
        title="Budgeted Decoding for Long Reasoning Traces at Scale",
        authors=[("Soo-ah", "Ahn"), ("Marco", "Bellini"), ("Ingrid", "Halvorsen")],
        year=2026,
        arxiv="2604.02211v1",
        style="apa",
        cites=[
            "ahn26budget",
            "park26pruning",
            "choi26distill",
            "x:wei",
            "x:nearpruning",
            "nunez26earlyexit",
            "yilmaz26budget",
        ],
    ),
    "brandt26verifier": dict(
        title="Verifier Cascades for Cheap Test-Time Search",
        authors=[("Felix", "Brandt"), ("Amara", "Okafor"), ("Lukas", "Steiner")],
        year=2026,
        arxiv=None,
        style="ieee",
        cites=[
            "ahn26budgetscale",
            "park26pruning",
            "x:leviathan",
            "berg26speculative",
            "yilmaz26budget",
            "x:nearearly",
            "chen26adapters",
        ],
    ),
    "chen26adapters": dict(
        title="Adapter Routing Tables for Multi-Task Vision Transformers",
        authors=[("Wei-lin", "Chen"), ("Sofia", "Marquez")],
        year=2026,
        arxiv="2606.03318v2",
        style="acm",
        cites=[
            "schmidt26adapters",
            "ostergaard26lora",
            "lee26dense",
            "wang26selfsup",
            "x:hinton",
            "delacruz26prompt",
            "x:nearlora",
        ],
    ),
    "dubois26replay": dict(
        title="Replay Buffers That Forget on Purpose",
        authors=[("Camille", "Dubois"), ("Hiroshi", "Mori"), ("Elena", "Petrova")],
        year=2026,
        arxiv=None,
        style="ids",
        cites=[
            "jung26replay",
            "kim26actorlearner",
            "vanleeuwen26offline",
            "santos26multiagent",
            "x:kingma",
            "hoffmann26worldmodel",
        ],
    ),
    "eriksen26graphs": dict(
        title="Rewiring Without Regret: Spectral Guarantees for Graph Rewiring",
        authors=[("Mads", "Eriksen"), ("Priya", "Raman")],
        year=2026,
        arxiv=None,
        style="natbib",
        cites=["muller26graph", "x:neargraph", "novak26optim", "silva26protein", "dubois26replay"],
    ),
    "fischer26causal": dict(
        title="Sensitivity Bounds for Doubly Robust Learners",
        authors=[("Anna", "Fischer"), ("Tomasz", "Zielinski"), ("Grace", "Owusu")],
        year=2026,
        arxiv=None,
        style="ieee",
        cites=[
            "garcia26causal",
            "okonkwo26fairness",
            "wroblewska26bayesopt",
            "x:snoek",
            "eriksen26graphs",
            "tanaka26timeseries",
        ],
    ),
    "garnier26diffusion": dict(
        title="One-Step Samplers from Consistency Trajectories",
        authors=[("Louis", "Garnier"), ("Yara", "Haddad")],
        year=2026,
        arxiv=None,
        style="acm",
        cites=[
            "marchand26diffusion",
            "x:neardiffusion",
            "silva26protein",
            "lindqvist26federated",
            "fischer26causal",
            "brandt26verifier",
        ],
    ),
}

# Outside works; "near" ones are close to an archive title but by other people, other years.
OUTSIDE = {
    "vaswani": (
        "Attention is all you need",
        [("Ashish", "Vaswani"), ("Noam", "Shazeer")],
        2017,
        "Advances in Neural Information Processing Systems",
    ),
    "wei": (
        "Chain-of-thought prompting elicits reasoning in large language models",
        [("Jason", "Wei"), ("Xuezhi", "Wang")],
        2022,
        "Advances in Neural Information Processing Systems",
    ),
    "leviathan": (
        "Fast inference from transformers via speculative decoding",
        [("Yaniv", "Leviathan"), ("Matan", "Kalman")],
        2023,
        "International Conference on Machine Learning",
    ),
    "hinton": (
        "Distilling the knowledge in a neural network",
        [("Geoffrey", "Hinton"), ("Oriol", "Vinyals")],
        2015,
        "arXiv preprint",
    ),
    "kingma": (
        "Adam: A method for stochastic optimization",
        [("Diederik", "Kingma"), ("Jimmy", "Ba")],
        2015,
        "International Conference on Learning Representations",
    ),
    "snoek": (
        "Practical Bayesian optimization of machine learning algorithms",
        [("Jasper", "Snoek"), ("Hugo", "Larochelle")],
        2012,
        "Advances in Neural Information Processing Systems",
    ),
    "nearbudget": (
        "Spend where it matters: Budget-aware compute allocation for retrieval",
        [("Omar", "Haddad"), ("Lin", "Zhou")],
        2023,
        "Information Retrieval Journal",
    ),
    "nearpruning": (
        "Prune the thought: Pruning convolutional networks by thinking twice",
        [("Rui", "Costa"), ("Mia", "Lund")],
        2021,
        "Pattern Recognition",
    ),
    "nearearly": (
        "Know when to stop: Early exits for speech recognition",
        [("Ivan", "Horvat"), ("Nina", "Berg")],
        2022,
        "Interspeech",
    ),
    "nearlora": (
        "Spectral adaptation of convolutional networks",
        [("Tariq", "Aziz"), ("Julia", "Weber")],
        2020,
        "Neural Networks",
    ),
    "neargraph": (
        "Beyond oversmoothing: Deep graph networks with residual connections",
        [("Keiko", "Sato"), ("Ahmed", "Nasser")],
        2022,
        "Transactions on Machine Learning Research",
    ),
    "neardiffusion": (
        "Few-step sampling for score-based audio models",
        [("Pablo", "Ruiz"), ("Anya", "Kowal")],
        2024,
        "ICASSP",
    ),
}


def _archive_paper(stem: str) -> tuple[str, list[tuple[str, str]], int, str | None, str]:
    if stem in PAPERS:
        p = PAPERS[stem]
        return (
            p["title"],
            p["authors"],
            p["year"],
            p["arxiv"],
            "International Conference on Machine Learning",
        )
    gold = json.loads((FIXTURES / f"{stem}.json").read_text())
    names = []
    for a in gold["authors"]:
        given, _, family = a["name"].rpartition(" ")
        for particle in ("van der", "de la", "van"):
            if given.endswith(" " + particle) or given == particle:
                given = given[: -len(particle)].strip()
                family = f"{particle} {family}"
        names.append((given, family))
    return (
        gold["title"],
        names,
        gold["year"],
        gold.get("arxiv_id"),
        "International Conference on Machine Learning",
    )


def _winansi(text: str) -> str:
    """``text`` in the characters the standard Times font can show (Yılmaz as Yilmaz)."""
    out = []
    for ch in text:
        try:
            ch.encode("cp1252")
            out.append(ch)
        except UnicodeEncodeError:
            base = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
            )
            out.append({"ı": "i", "Ł": "L", "ł": "l", "đ": "d"}.get(ch, base))
    return "".join(out)


def _initials(given: str) -> str:
    return " ".join("-".join(part[0] + "." for part in g.split("-")) for g in given.split())


def _join(names: list[str], last: str = "and") -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + f", {last} " + names[-1]


def render(style: str, n: int, key: str) -> str:
    """One reference in ``style`` (``n`` is its 1-based number)."""
    if key.startswith("x:"):
        title, authors, year, venue = OUTSIDE[key[2:]]
        arxiv = None
    else:
        title, authors, year, arxiv, venue = _archive_paper(key)
    if style == "natbib":
        names = _join([f"{f}, {_initials(g)}" for g, f in authors])
        return f"{names} {title}. In {venue}, {year}."
    if style == "apa":
        names = _join([f"{f}, {_initials(g)}" for g, f in authors], "&")
        return f"{names} ({year}). {title}. {venue}, {n * 7 % 40 + 1}, {100 + n}-{112 + n}."
    if style == "ieee":
        names = _join([f"{_initials(g)} {f}" for g, f in authors])
        return f'[{n}] {names}, "{title}," in Proc. {venue}, {year}, pp. {10 * n}-{10 * n + 9}.'
    if style == "acm":
        names = _join([f"{g} {f}" for g, f in authors])
        return f"{names}. {year}. {title}. In {venue}. PMLR, {200 + n}-{210 + n}."
    names = _join([f"{_initials(g)} {f}" for g, f in authors])
    tail = f"arXiv:{arxiv}" if arxiv else f"{venue}"
    return f"[{n}] {names}. {title}. {tail}, {year}."


def build(stem: str, paper: dict) -> list[str]:
    style = ParagraphStyle("body", fontName="Times-Roman", fontSize=10, leading=12)
    title = ParagraphStyle("t", fontName="Times-Bold", fontSize=14, leading=17, alignment=TA_CENTER)
    center = ParagraphStyle("c", parent=style, alignment=TA_CENTER, fontSize=11)
    head = ParagraphStyle("h", fontName="Times-Bold", fontSize=11, leading=14, spaceBefore=8)
    ref = ParagraphStyle(
        "r", parent=style, fontSize=9, leading=11, leftIndent=12, firstLineIndent=-12, spaceAfter=2
    )
    refs = [_winansi(render(paper["style"], i + 1, key)) for i, key in enumerate(paper["cites"])]
    names = ", ".join(f"{g} {f}" for g, f in paper["authors"])
    cited = "; ".join(r.split(". ")[0][:40] for r in refs[:3])
    flow = [
        Paragraph(paper["title"], title),
        Spacer(1, 8),
        Paragraph(names, center),
        Paragraph("Institute of Demonstration Studies, Example City", center),
        Spacer(1, 10),
        Paragraph("Abstract", ParagraphStyle("a", parent=head, alignment=TA_CENTER)),
        Paragraph(
            f"We study {paper['title'].lower()} and show how it relates to earlier work in this "
            "archive. The method is simple, it is cheap to run, and it improves over the "
            "baselines it is compared with on every benchmark we tried.",
            style,
        ),
        Paragraph("1 Introduction", head),
        Paragraph(f"Prior work ({cited}) motivates this study. " * 3, style),
        Paragraph("2 Method", head),
        Paragraph("We describe the method in three steps and analyse its cost. " * 6, style),
        Paragraph("3 Experiments", head),
        Paragraph("Results on the standard benchmarks are reported in the tables. " * 6, style),
        Paragraph("References", head),
    ] + [Paragraph(r.replace("&", "&amp;"), ref) for r in refs]
    if paper["arxiv"]:
        flow.insert(
            0,
            Paragraph(
                f"arXiv:{paper['arxiv']} [cs.LG] 1 Mar {paper['year']}",
                ParagraphStyle("x", parent=style, fontSize=8),
            ),
        )
    doc = SimpleDocTemplate(
        str(OUT / f"{stem}.pdf"), pagesize=letter, title=paper["title"], author=names, invariant=1
    )
    notice = paper.get("notice", NOTICE)

    def footnote(canvas: Any, _doc: Any) -> None:
        canvas.setFont("Times-Roman", 8)
        canvas.drawString(72, 60, notice[:110])
        canvas.drawString(72, 50, notice[110:])

    doc.build(flow, onFirstPage=footnote)
    return refs


README = """# Demo papers that cite each other (`fixtures/citations/`)

Generated by `scripts/make_citation_fixtures.py` (reportlab); do not edit by hand. Eight invented
papers whose reference lists cite the demo papers of `fixtures/` and each other, each list in one
style (natbib, APA, numbered IEEE with quoted titles, ACM with full names, numbered with arXiv
ids), mixed with outside works and near misses (outside papers whose titles are close to an
archive paper's). `links.json` gives, for each citing file stem, every reference position, its
text and the file stem it cites (`null` for outside works): the true links of the graph.
`ahn26budget` (a 2025 workshop paper) and `ahn26budgetscale` (its 2026 conference version) have
nearly the same title: references to either must go to the right one.
"""


def main() -> None:
    OUT.mkdir(exist_ok=True)
    links = {}
    for stem, paper in PAPERS.items():
        refs = build(stem, paper)
        links[stem] = [
            {
                "position": i,
                "cited": None if key.startswith("x:") else key,
                "style": paper["style"],
                "text": text,
            }
            for i, (key, text) in enumerate(zip(paper["cites"], refs, strict=True))
        ]
    (OUT / "links.json").write_text(json.dumps(links, indent=1, ensure_ascii=False) + "\n")
    (OUT / "README.md").write_text(README)
    print(f"wrote {len(PAPERS)} papers and links.json to {OUT}")


if __name__ == "__main__":
    main()
