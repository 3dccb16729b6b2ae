#!/usr/bin/env python3
# ruff: noqa: E501, RUF005
"""Regenerate the bundled demo corpus in ``fixtures/``.

Usage::

    python scripts/make_fixtures.py            # everything (good papers + fixtures/bad/)
    python scripts/make_fixtures.py --only park26pruning   # one paper
    python scripts/make_fixtures.py --bad-only # only fixtures/bad/

Requirements
------------
* pdflatex from Debian's TeX Live (tested with TeX Live 2022/Debian)::

      apt-get install -y texlive-latex-base texlive-latex-recommended \\
          texlive-fonts-recommended texlive-latex-extra poppler-utils

  (packages used: times, T1 fontenc, titlesec, fancyhdr, caption, booktabs,
  lineno, hyperref, xcolor, graphicx, geometry, amsmath/amssymb, enumitem)
* poppler-utils (``pdftoppm``) to rasterise the image-only "scan" in fixtures/bad/
* Python packages: pypdf and cryptography (AES encryption of the encrypted
  bad files).  Both are dependencies of the project itself.

All paper texts live in ``scripts/fixture_data/papers.py`` and are original,
invented content.  Body prose is expanded from the per-paper data with the
sentence templates below using a RNG seeded by the paper id, so output is
deterministic.  ``SOURCE_DATE_EPOCH`` is fixed so that pdfTeX writes stable
dates and document ids.

For every paper ``fixtures/<id>.pdf`` is written together with
``fixtures/<id>.json`` (expected metadata; section pages are taken from the
LaTeX .aux file, not guessed).  ``fixtures/README.md`` and
``fixtures/bad/expected.json`` are (re)written too.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fixtures"
BAD = OUT / "bad"
DATA = Path(__file__).resolve().parent / "fixture_data" / "papers.py"

SOURCE_DATE_EPOCH = "1767225600"  # 2026-01-01T00:00:00Z

_spec = importlib.util.spec_from_file_location("fixture_papers", DATA)
assert _spec and _spec.loader
D = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(D)

ICML_NOTICE = (
    "Proceedings of the 43rd International Conference on Machine Learning, "
    "Seoul, South Korea. PMLR 306, 2026. Copyright 2026 by the author(s)."
)
REVIEW_NOTICE = (
    "Preliminary work. Under review by the International Conference on "
    "Machine Learning (ICML). Do not distribute."
)
PREPRINT_NOTICE = (
    "Preprint. Accepted to the 43rd International Conference on Machine "
    "Learning (ICML 2026), Seoul, South Korea."
)

# --------------------------------------------------------------------------- prose banks
# Slots: {M} method, {T} task, {P} problem, {D} dataset, {B} baseline, {MET} metric,
# {t} a distinctive term, {model} {unit} {things} {cost} area words, {C} citation,
# {n1} {n2} numbers.
INTRO_MORE = [
    "Despite rapid progress, {P} remains a practical obstacle, and existing remedies trade quality for efficiency in ways that are difficult to control ({C}).",
    "A common response is to rely on heuristics that are tuned separately for each dataset, and such heuristics rarely transfer to new settings ({C}).",
    "The cost of this problem grows with scale: the larger the {model}, the more {unit} are spent without a measurable benefit.",
    "Practitioners therefore face an uncomfortable choice between accuracy and {cost}.",
    "Recent studies report that the issue is not specific to a single architecture but appears across model families and training recipes ({C}).",
    "Prior work has mostly treated {T} as a fixed pipeline, leaving little room for adapting the computation to the input.",
    "We argue that the {t} is the right quantity to reason about, because it connects the behaviour of the {model} to the final {MET}.",
    "This observation suggests that a principled treatment of {P} could yield large savings without sacrificing {MET}.",
]
METHOD_MORE = [
    "The design of this component is deliberately simple, so that it adds little overhead to the base {model}.",
    "All hyperparameters of this step are shared across {things}, and we did not tune them for individual datasets.",
    "In practice we found the procedure to be insensitive to the exact value of its temperature parameter, as long as it is not chosen too small.",
    "We emphasise that this step requires no additional labelled data.",
    "A naive implementation would require a separate pass for every candidate; instead, we batch all candidates into a single call.",
    "Intuitively, the {t} acts as a filter that keeps the informative signal and suppresses noise.",
    "This choice is motivated by the observation, analysed in Section 4, that the {t} correlates strongly with the final {MET}.",
    "The resulting objective is differentiable almost everywhere and can be optimised with standard first-order methods ({C}).",
    "Alternative designs, such as a deeper network or a learned temperature, gave no consistent improvement in preliminary experiments.",
    "The additional memory required is linear in the batch size and negligible compared with the memory used by the {model} itself.",
    "Note that the same mechanism applies unchanged when the {model} is replaced by a larger or smaller variant.",
    "We refer to the appendix for a complete derivation and for pseudocode of the full procedure.",
    "This step is where {M} departs most clearly from {B}, which treats all inputs identically.",
    "The computational overhead of this step is below {n1}% of the total {cost} in all our experiments.",
]
RELATED_MORE = [
    "These approaches are effective in their original setting but assume that {P} can be handled by a fixed rule ({C}).",
    "Closest to our work, {C} propose a related mechanism, but it is trained for a single dataset and does not adapt at test time.",
    "Our method is complementary to these techniques and can be combined with them.",
    "A recurring limitation of this line of work is the reliance on hand-designed thresholds ({C}).",
    "Several benchmarks have been proposed to measure progress in this area, including {D} ({C}).",
    "In contrast to these methods, {M} treats the {t} as a learned quantity.",
    "A detailed survey is beyond the scope of this paper; we refer the reader to {C} for an overview.",
]
EXP_SETUP = [
    "All experiments are repeated with three random seeds, and we report the mean and the standard deviation.",
    "We optimise with AdamW, a cosine learning-rate schedule, and a linear warm-up over the first 5% of training ({C}).",
    "Our implementation builds on PyTorch ({C}) and will be released under an open-source licence.",
    "Training {M} on {D} takes about {n2} GPU-hours on NVIDIA H100 accelerators.",
    "Hyperparameters of all baselines are taken from the original papers when available and tuned on a validation split otherwise.",
    "We use the official training and test splits of every dataset and never tune on test data.",
    "The primary evaluation metric is {MET}, computed with the official evaluation scripts.",
]
RESULTS_MORE = [
    "{M} outperforms {B} on every dataset except one, where the difference is within one standard deviation.",
    "The gains are largest on {D}, which contains the highest proportion of difficult examples.",
    "Improvements are consistent across random seeds, and the standard deviations are small compared with the gaps between methods.",
    "Interestingly, {B} is a strong baseline that several recent methods fail to beat.",
    "We observe that the advantage of {M} grows as the scale of the problem increases.",
    "The results confirm that addressing {P} directly is more effective than tuning the baselines more aggressively.",
    "A closer look at individual examples shows that failures of {M} are concentrated in a small number of unusual inputs.",
    "On {D}, {M} improves {MET} by {n1} points over the strongest competing method.",
]
ABLATION_MORE = [
    "Removing any single component reduces {MET}, and removing the {t} causes the largest drop.",
    "Replacing the learned component with a fixed heuristic recovers only part of the improvement.",
    "Performance is stable over a wide range of hyperparameter values, which simplifies deployment.",
    "The trends are identical on the other datasets, and we report them in the appendix.",
    "Doubling the capacity of the auxiliary modules gives no further improvement, suggesting that the current design is not capacity-limited.",
]
DISCUSSION_MORE = [
    "Our study has several limitations.",
    "First, all experiments use publicly available benchmarks, which may not reflect the distribution of inputs in deployed systems.",
    "Second, {M} introduces a small number of new hyperparameters, and although defaults work well, they may need adjustment in new domains.",
    "Third, we have not evaluated the method at the largest scales used in industry, where other bottlenecks may dominate.",
    "We also note that {MET} captures only one aspect of quality, and a complete evaluation should include human judgements where applicable.",
    "Finally, improvements in efficiency can be used to deploy models more widely, which has both positive and negative societal consequences.",
]
CONCLUSION_MORE = [
    "We hope that this work encourages the community to treat {P} as a first-class design consideration.",
    "Promising directions for future work include combining {M} with complementary techniques and extending it to new modalities.",
    "Code, trained models, and evaluation scripts will be made publicly available.",
]


# Compositional fallback used once a bank is exhausted: opener + clause + tail.
OPENERS = [
    "In our experiments,",
    "Empirically,",
    "On {D},",
    "Compared with {B},",
    "Across all settings,",
    "In the low-data regime,",
    "For larger models,",
    "At evaluation time,",
    "During training,",
    "Under a tighter budget,",
    "With default hyperparameters,",
    "In a held-out split,",
    "When the {t} is disabled,",
    "As expected,",
    "Somewhat surprisingly,",
]
CLAUSES = [
    "{M} reduces the {cost} by {n1}%",
    "the {t} remains stable across random seeds",
    "the variance of the estimate decreases noticeably",
    "the gap between training and validation {MET} shrinks",
    "the {model} spends fewer {unit} on easy inputs",
    "{B} degrades more quickly than {M}",
    "the ranking of the methods does not change",
    "the benefit of the {t} is most visible on difficult inputs",
    "errors become less correlated across {things}",
    "the learned component converges within a few thousand updates",
    "{M} is within {n1} points of an oracle that knows the optimal configuration",
    "the improvement in {MET} is statistically significant at the 5% level",
    "the qualitative behaviour matches the predictions of our analysis",
    "{M} requires no change to the architecture of the {model}",
    "the overhead of the additional computation stays below {n1}%",
]
TAILS = [
    ".",
    " without additional tuning.",
    ", which is consistent with our analysis.",
    ", as shown in Table 1.",
    ", confirming the intuition from Section 3.",
    " while keeping {MET} nearly unchanged.",
    " (see also Figure 2).",
    ", in line with prior observations ({C}).",
    " on all {things} we considered.",
]
OPENERS += [
    "On the hardest tenth of {D},",
    "Relative to the strongest baseline,",
    "In the ablation without the {t},",
    "When we double the training budget,",
    "With a smaller {model},",
    "Measured in {unit},",
    "Over the course of training,",
    "Under distribution shift,",
    "In terms of {cost},",
    "For the default configuration,",
    "Taken together,",
]
CLAUSES += [
    "most of the remaining errors stem from ambiguous or mislabelled examples",
    "the learning curves of {M} are smoother than those of {B}",
    "the improvement persists when the evaluation protocol of {C} is used instead of ours",
    "the benefit of {M} does not depend on a particular random seed",
    "the estimated {t} is well aligned with a manually annotated subset",
    "{M} uses roughly {n1} times fewer {unit} than exhaustive tuning",
    "we see diminishing returns beyond the default setting",
    "the two components interact positively rather than additively",
    "a simple linear fit explains most of the variation in {MET}",
    "the method remains stable even with aggressive learning rates",
]
AREA_CLAUSES = {
    "reasoning": [
        "shorter traces are not systematically less accurate",
        "the model rarely revisits a step that was skipped",
        "self-verification loops account for a large share of the wasted tokens",
        "chain-of-thought length correlates only weakly with problem difficulty",
        "latency per query decreases almost linearly with the number of generated tokens",
    ],
    "vit": [
        "the pretrained features of early layers change very little",
        "most of the adaptation happens in the last four transformer blocks",
        "the patch embeddings stay close to their pretrained values",
        "the attention maps become more object-centric after finetuning",
        "storage per task is dominated by the classification head",
    ],
    "rl": [
        "episode returns have lower variance across seeds",
        "the learner is rarely starved for data",
        "the value estimates do not diverge even late in training",
        "exploration behaviour differs qualitatively from that of {B}",
        "sample efficiency and wall-clock efficiency improve at the same time",
    ],
    "other": [
        "the estimates remain well calibrated on held-out data",
        "the conclusions hold across all dataset sizes we tried",
        "the computational cost scales nearly linearly with problem size",
        "the theoretical assumptions are approximately satisfied in practice",
        "the learned representations transfer to related tasks",
    ],
}


def tex_escape(s: str) -> str:
    out = []
    for ch in s:
        if ch == "\\":
            out.append(r"\textbackslash{}")
        elif ch in "&%$#_{}":
            out.append("\\" + ch)
        elif ch == "~":
            out.append(r"\textasciitilde{}")
        elif ch == "^":
            out.append(r"\textasciicircum{}")
        else:
            out.append(ch)
    return "".join(out)


class Prose:
    """Fills templates for one paper deterministically."""

    def __init__(self, p: dict, cites: list[str]):
        self.p = p
        self.rng = random.Random("prose:" + p["id"])
        self.cites = cites
        self.words = D.AREA_WORDS[p["area"]]
        self.used: set[str] = set()
        self.openers: list[str] = []
        self.clauses: list[str] = []

    def fill(self, tpl: str) -> str:
        r = self.rng
        p = self.p
        vals = dict(
            M=p["method"],
            T=p["task"],
            P=p["problem"],
            D=r.choice(p["datasets"]),
            B=r.choice(p["baselines"]),
            MET=p["metric"],
            t=r.choice(p["terms"]),
            C=r.choice(self.cites),
            n1=f"{r.uniform(0.8, 6.5):.1f}",
            n2=str(r.choice([8, 12, 24, 36, 48, 96, 160])),
            **self.words,
        )
        s = tpl.format(**vals)
        return s[0].upper() + s[1:]

    def pick(self, bank: list[str], k: int) -> list[str]:
        fresh = [t for t in bank if t not in self.used]
        chosen = self.rng.sample(fresh, min(k, len(fresh)))
        self.used.update(chosen)
        out = [self.fill(t) for t in chosen]
        while len(out) < k:  # bank exhausted: compose a new sentence
            r = self.rng
            if not self.openers:
                self.openers = r.sample(OPENERS, len(OPENERS))
            if not self.clauses:
                pool = CLAUSES + AREA_CLAUSES[self.p["area"]]
                self.clauses = r.sample(pool, len(pool))
            tpl = self.openers.pop() + " " + self.clauses.pop() + r.choice(TAILS)
            if tpl in self.used:
                continue
            self.used.add(tpl)
            out.append(self.fill(tpl))
        return out


# --------------------------------------------------------------------------- LaTeX body
def references_for(p: dict) -> list[tuple[str, str]]:
    refs = [D.REFS[k] for k in p["refs"]] + [D.REFS["paszke"]] + list(D.FAKE[p["area"]])
    rng = random.Random("refs:" + p["id"])
    extra = [v for k, v in D.REFS.items() if k not in p["refs"] and k != "paszke"]
    while len(refs) < 7:
        refs.append(extra.pop(rng.randrange(len(extra))))
    refs = refs[:15]
    seen: dict[str, tuple[str, str]] = {}
    for r in refs:
        seen[r[1]] = r
    return sorted(seen.values(), key=lambda r: r[1].lower())


def table_tex(p: dict, pr: Prose, onecol: bool) -> str:
    rng = random.Random("table:" + p["id"])
    cols = p["datasets"][:4]
    lower_better = p["metric"] in (
        "MSE",
        "FID",
        "PEHE",
        "demographic parity gap",
        "simple regret",
        "training loss",
    )
    rows = []
    base = [rng.uniform(40, 80) for _ in cols]
    for b in p["baselines"]:
        rows.append((b, [x + rng.uniform(-6, 3) for x in base]))
    best = [(min if lower_better else max)(r[1][i] for r in rows) for i in range(len(cols))]
    ours = [b + (-1 if lower_better else 1) * rng.uniform(0.5, 3.0) for b in best]
    lines = []
    for name, vals in rows:
        lines.append(tex_escape(name) + " & " + " & ".join(f"{v:.1f}" for v in vals) + r" \\")
    lines.append(r"\midrule")
    lines.append(
        tex_escape(p["method"])
        + " (ours) & "
        + " & ".join(rf"\textbf{{{v:.1f}}}" for v in ours)
        + r" \\"
    )
    arrow = "lower is better" if lower_better else "higher is better"
    cap = (
        f"Main results: {p['metric']} ({arrow}) of {p['method']} and baselines on "
        + ", ".join(cols)
        + ". Best results are in bold. Mean over three seeds."
    )
    body = (
        r"\begin{tabular}{l"
        + "c" * len(cols)
        + "}\n\\toprule\nMethod & "
        + " & ".join(tex_escape(c) for c in cols)
        + r" \\"
        + "\n\\midrule\n"
        + "\n".join(lines)
        + "\n\\bottomrule\n\\end{tabular}"
    )
    if not onecol:
        body = r"\resizebox{\columnwidth}{!}{" + body + "}"
    return (
        "\\begin{table}[t]\n\\caption{"
        + tex_escape(cap)
        + "}\n\\label{tab:main}\n\\centering\\small\n"
        + body
        + "\n\\end{table}\n"
    )


def figure_plot_tex(p: dict) -> str:
    rng = random.Random("fig:" + p["id"])
    a, b = rng.randint(60, 90), rng.randint(30, 60)
    base = p["baselines"][min(2, len(p["baselines"]) - 1)]
    words = D.AREA_WORDS[p["area"]]
    cap = (
        f"{p['metric'][0].upper() + p['metric'][1:]} as a function of the number of {words['unit']} "
        f"for {p['method']} (solid) and {base} (dashed) on {p['datasets'][0]}."
    )
    return rf"""\begin{{figure}}[t]
\centering\setlength{{\unitlength}}{{1pt}}\small
\begin{{picture}}(200,110)(-20,-20)
\put(0,0){{\vector(1,0){{180}}}}\put(0,0){{\vector(0,1){{90}}}}
\qbezier(0,10)(30,{a})(170,{a + 5})
\multiput(0,8)(12,0){{14}}{{\line(1,0){{6}}}}
\qbezier(0,10)(60,{b})(170,{b + 10})
\put(60,-14){{{tex_escape(words["unit"])}}}
\put(-14,20){{\rotatebox{{90}}{{{tex_escape(p["metric"])}}}}}
\put(120,{a + 10}){{{tex_escape(p["method"])}}}
\put(120,{b - 10}){{{tex_escape(base)}}}
\end{{picture}}
\caption{{{tex_escape(cap)}}}
\label{{fig:curve}}
\end{{figure}}
"""


def figure_overview_tex(p: dict) -> str:
    boxes = []
    for i, (name, _) in enumerate(p["comps"]):
        boxes.append(rf"\put({i * 72},20){{\framebox(64,30){{\shortstack{{{tex_escape(name)}}}}}}}")
        if i:
            boxes.append(rf"\put({i * 72 - 8},35){{\vector(1,0){{8}}}}")
    # break long box labels on spaces into 2 lines
    txt = "\n".join(boxes)
    txt = re.sub(
        r"\\shortstack\{([^{}]*)\}",
        lambda m: r"\scriptsize\shortstack{" + _two_lines(m.group(1)) + "}",
        txt,
    )
    cap = f"Overview of {p['method']}. " + " ".join(
        f"({chr(97 + i)}) {c[0]}." for i, c in enumerate(p["comps"])
    )
    return rf"""\begin{{figure}}[t]
\centering\setlength{{\unitlength}}{{1pt}}
\resizebox{{\columnwidth}}{{!}}{{\begin{{picture}}(210,60)
{txt}
\end{{picture}}}}
\caption{{{tex_escape(cap)}}}
\label{{fig:overview}}
\end{{figure}}
"""


def _two_lines(s: str) -> str:
    w = s.split()
    if len(w) < 2:
        return s
    h = (len(w) + 1) // 2
    return " ".join(w[:h]) + r"\\" + " ".join(w[h:])


def body_tex(
    p: dict, filler: int, refs: list[tuple[str, str]], onecol: bool
) -> tuple[str, list[str]]:
    """Return (LaTeX for sections, list of top-level section titles)."""
    cites = [r[0] for r in refs]
    pr = Prose(p, cites)
    rng = pr.rng
    out: list[str] = []
    sections: list[str] = []

    def sec(title: str) -> None:
        sections.append(title)
        out.append("\\section{" + tex_escape(title) + "}\n")

    def sub(title: str) -> None:
        out.append("\\subsection{" + tex_escape(title) + "}\n")

    def para(sents: list[str]) -> None:
        out.append(tex_escape(" ".join(sents)) + "\n\n")

    n = lambda base: max(1, base + filler // 2)  # noqa: E731

    # 1 Introduction
    sec("Introduction")
    para(p["bg"] + pr.pick(INTRO_MORE, 1 + filler // 3))
    para(
        [
            f"In this paper we address {p['problem']} in {p['task']}.",
            f"We introduce {p['method']}, whose central ingredient is the {p['terms'][0]}.",
        ]
        + [c[1] for c in p["comps"][:1]]
        + pr.pick(INTRO_MORE, 1 + filler // 3)
    )
    if filler >= 2:
        para(pr.pick(INTRO_MORE, 3))
    out.append(figure_overview_tex(p))
    out.append(tex_escape("Our contributions are as follows:") + "\n\\begin{itemize}\n")
    for name, desc in p["comps"]:
        out.append("\\item " + tex_escape(f"{name}. {desc}") + "\n")
    out.append(
        "\\item "
        + tex_escape(
            f"Experiments on {', '.join(p['datasets'])} show that {p['method']} improves {p['metric']} "
            f"over {', '.join(p['baselines'][:3])}."
        )
        + "\n\\end{itemize}\n\n"
    )

    # 2 Related Work
    sec("Related Work")
    for title, sent in p["related"]:
        sub(title)
        para(
            [
                sent,
                f"Representative examples include the work of {rng.choice(cites)} and {rng.choice(cites)}.",
            ]
            + pr.pick(RELATED_MORE, n(2))
        )

    # 3 Method
    sec(p.get("method_title") or rng.choice(["Method", "Approach", "Proposed Method"]))
    sub("Problem Setup")
    para(
        [
            f"We consider {p['task']} with a {pr.words['model']} and a budget on {pr.words['cost']}.",
            f"Our goal is to reduce {p['problem']} while preserving {p['metric']}.",
        ]
        + pr.pick(METHOD_MORE, n(1))
    )
    eq = p["eq"] if onecol else re.sub(r",?\s*\\q?quad\b", r" \\\\ ", p["eq"])
    out.append(
        "\\begin{equation}\n\\adjustbox{max width=0.9\\columnwidth}{$\\displaystyle\\begin{gathered}\n"
        + eq
        + "\n\\end{gathered}$}\n\\end{equation}\n"
    )
    para(
        [f"Equation (1) summarises the core computation of {p['method']}."]
        + pr.pick(METHOD_MORE, n(1))
    )
    for name, desc in p["comps"]:
        sub(name)
        para([desc] + pr.pick(METHOD_MORE, n(2)))
        if filler >= 4:
            para(pr.pick(METHOD_MORE, 3))

    # 4 Experiments
    sec("Experiments")
    sub("Experimental Setup")
    para(
        [
            f"We evaluate on {', '.join(p['datasets'])}.",
            f"We compare against {', '.join(p['baselines'])}.",
        ]
        + pr.pick(EXP_SETUP, n(3))
    )
    out.append(table_tex(p, pr, onecol))
    sub("Main Results")
    para(["Table 1 reports the main results."] + pr.pick(RESULTS_MORE, n(3)))
    if filler >= 1:
        para(pr.pick(RESULTS_MORE, n(2)))
    out.append(figure_plot_tex(p))
    sub("Ablation Study")
    para(
        [
            f"We ablate the components of {p['method']} on {p['datasets'][0]}.",
            f"Figure 2 shows {p['metric']} as the number of {pr.words['unit']} varies.",
        ]
        + pr.pick(ABLATION_MORE, n(2))
    )
    if filler >= 3:
        sub("Analysis")
        para(
            [f"We further analyse the behaviour of the {p['terms'][1]}."]
            + pr.pick(RESULTS_MORE + ABLATION_MORE, 4)
        )

    # 5 Discussion (only for longer papers)
    if filler >= 2:
        sec("Limitations" if rng.random() < 0.5 else "Discussion")
        para(pr.pick(DISCUSSION_MORE, n(3)))

    sec("Conclusion")
    para(
        [
            f"We presented {p['method']}, a method for {p['task']} that targets {p['problem']}.",
            f"By combining the {p['comps'][0][0].lower()} with the {p['comps'][-1][0].lower()}, it improves {p['metric']} on "
            f"{', '.join(p['datasets'][:2])}.",
        ]
        + pr.pick(CONCLUSION_MORE, 2)
    )
    # extra filler for long papers: extend sections by repeating template paragraphs in Method
    return "".join(out), sections


# --------------------------------------------------------------------------- front matter
def aff_numbers(p: dict) -> tuple[list[str], dict[str, int]]:
    order: list[str] = []
    for _, affs, _, _ in p["authors"]:
        for a in affs:
            if a not in order:
                order.append(a)
    return order, {a: i + 1 for i, a in enumerate(order)}


def correspondence(p: dict) -> str:
    """Plain-text correspondence line (without 'Correspondence to: ')."""
    corr = [(n, e) for n, _, e, _ in p["authors"] if e]
    if p.get("email_style") == "braces":
        groups: dict[str, list[str]] = {}
        for _, e in corr:
            local, dom = e.split("@")
            groups.setdefault(dom, []).append(local)
        parts = []
        for dom, locs in groups.items():
            parts.append(("{" + ", ".join(locs) + "}" if len(locs) > 1 else locs[0]) + "@" + dom)
        return ", ".join(parts)
    return ", ".join(f"{n} <{e}>" for n, e in corr)


def authors_tex(p: dict, nums: dict[str, int]) -> str:
    parts = []
    for name, affs, _, equal in p["authors"]:
        sup = ("*" if equal else "") + ",".join(str(nums[a]) for a in affs)
        parts.append(tex_escape(name) + r"\,\textsuperscript{" + sup + "}")
    return r"\quad ".join(parts)


def arxiv_stamp(p: dict) -> str:
    if not p.get("arxiv"):
        return ""
    aid = p["arxiv"]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    mon = months[int(aid[2:4]) - 1]
    cat = {"reasoning": "cs.CL", "vit": "cs.CV", "rl": "cs.LG", "other": "cs.LG"}[p["area"]]
    return (
        r"\AddToHookNext{shipout/background}{\put(0.45in,-7.6in){\rotatebox{90}{\fontsize{20}{20}\selectfont"
        r"\color{gray}arXiv:"
        + aid
        + r"\hspace{1em}["
        + cat
        + r"]\hspace{1em}"
        + f"12 {mon} 2026"
        + "}}}\n"
    )


def preamble(p: dict, onecol: bool) -> str:
    review = p.get("review", False)
    opts = []
    if p.get("hyperref"):
        title_meta = p["title"] if p["id"] != "nunez26earlyexit" else "paper"
        opts.append(
            r"\usepackage[hidelinks,pdftitle={"
            + tex_escape(title_meta)
            + r"},pdfauthor={"
            + tex_escape(", ".join(a[0] for a in p["authors"]))
            + r"},pdfcreator={LaTeX with hyperref}]{hyperref}"
        )
    if onecol:
        geom = r"\usepackage[letterpaper,margin=1in]{geometry}"
        cls = r"\documentclass[11pt]{article}"
    else:
        geom = (
            r"\usepackage[letterpaper,textwidth=6.75in,textheight=9in,top=1in,headsep=0.2in,"
            r"columnsep=0.25in]{geometry}"
        )
        cls = r"\documentclass[10pt,twocolumn]{article}"
    return (
        "\n".join(
            [
                cls,
                r"\pdfinfoomitdate=0 \pdftrailerid{" + p["id"] + "}",
                r"\usepackage[T1]{fontenc}",
                r"\usepackage[utf8]{inputenc}",
                r"\usepackage{mathptmx}",
                r"\usepackage{amsmath,amssymb}",
                r"\usepackage{graphicx}",
                r"\usepackage{xcolor}",
                r"\usepackage{booktabs}",
                r"\usepackage{pict2e}",
                r"\usepackage{adjustbox}",
                geom,
                r"\usepackage[labelsep=period,font=small]{caption}",
                r"\usepackage{titlesec}",
                r"\usepackage{fancyhdr}",
                r"\usepackage{enumitem}",
                r"\setlist{itemsep=1pt,topsep=3pt}",
                r"\titleformat{\section}{\large\bfseries}{\thesection.}{0.5em}{}",
                r"\titleformat{\subsection}{\normalsize\bfseries}{\thesubsection.}{0.5em}{}",
                r"\titlespacing*{\section}{0pt}{10pt}{6pt}",
                r"\titlespacing*{\subsection}{0pt}{8pt}{4pt}",
                r"\usepackage[switch]{lineno}" if review else "",
                *opts,
                r"\pagestyle{fancy}\fancyhf{}\renewcommand{\headrulewidth}{"
                + ("0pt" if onecol else "1pt")
                + "}",
                (
                    r"\fancyhead[C]{\small\bfseries "
                    + (
                        tex_escape(p["short"])
                        if not review
                        else "Submission and Formatting Instructions for ICML 2026"
                    )
                    + "}"
                ),
                (r"\fancyfoot[C]{\thepage}" if (review or onecol) else ""),
                r"\fancypagestyle{firstpage}{\fancyhf{}\renewcommand{\headrulewidth}{0pt}"
                + (r"\fancyfoot[C]{\thepage}" if (review or onecol) else "")
                + "}",
                r"\setlength{\parindent}{0pt}\setlength{\parskip}{5pt}" if not onecol else "",
                r"\sloppy",
            ]
        )
        + "\n"
    )


def front_twocol(p: dict) -> str:
    order, nums = aff_numbers(p)
    affline = " ".join(
        r"\textsuperscript{" + str(nums[a]) + "}" + tex_escape(D.AFF[a]) for a in order
    )
    equal = any(a[3] for a in p["authors"])
    corr = correspondence(p)
    block_affs = p.get("aff_style") == "block"
    title = tex_escape(p["title"])
    s = [
        r"\twocolumn[",
        r"\begin{center}",
        r"\rule{\textwidth}{4pt}\par\vspace{8pt}",
        r"{\Large\bfseries " + title + r"\par}",
        r"\vspace{6pt}\rule{\textwidth}{1pt}\par\vspace{14pt}",
        r"{\bfseries " + authors_tex(p, nums) + r"\par}",
    ]
    if block_affs:
        s.append(
            r"\vspace{6pt}{\small "
            + r"\\ ".join(
                r"\textsuperscript{" + str(nums[a]) + "}" + tex_escape(D.AFF[a]) for a in order
            )
            + r"\par}"
        )
    s += [r"\end{center}", r"\vspace{16pt}", "]", arxiv_stamp(p)]
    if p.get("review"):
        s.append(r"\linenumbers")
    s.append(r"\thispagestyle{firstpage}")
    note_parts = []
    if equal:
        note_parts.append(r"\textsuperscript{*}Equal contribution ")
    if not block_affs:
        note_parts.append(affline + ". ")
    note_parts.append("Correspondence to: " + tex_escape(corr) + ".")
    notice = REVIEW_NOTICE if p.get("review") else ICML_NOTICE
    foot = "".join(note_parts) + r"\par\vspace{3pt}\textit{" + tex_escape(notice) + "}"
    if p.get("doi"):
        foot += r"\par DOI: " + tex_escape(p["doi"])
    s.append(r"{\renewcommand{\thefootnote}{}\footnotetext{\hspace*{-1.2em}" + foot + "}}")
    s.append(r"\begin{center}{\large\bfseries Abstract}\end{center}\vspace{-6pt}")
    s.append(r"\begin{list}{}{\leftmargin=0.25in\rightmargin=0.25in}\item[]")
    s.append(tex_escape(p["abstract"]))
    if p["keywords"]:
        s.append(r"\par\vspace{4pt}\textit{Keywords:} " + tex_escape(", ".join(p["keywords"])))
    s.append(r"\end{list}")
    return "\n".join(s) + "\n"


def front_onecol(p: dict) -> str:
    order, nums = aff_numbers(p)
    equal = any(a[3] for a in p["authors"])
    s = [
        arxiv_stamp(p),
        r"\thispagestyle{firstpage}",
        r"\begin{center}",
        r"{\LARGE\bfseries " + tex_escape(p["title"]) + r"\par}\vspace{14pt}",
        r"{\large " + authors_tex(p, nums) + r"\par}\vspace{8pt}",
        r"{\small "
        + r"\\ ".join(
            r"\textsuperscript{" + str(nums[a]) + "}" + tex_escape(D.AFF[a]) for a in order
        )
        + r"\par}\vspace{6pt}",
        r"{\small\ttfamily "
        + tex_escape(", ".join(e for _, _, e, _ in p["authors"] if e))
        + r"\par}",
        r"\end{center}\vspace{6pt}",
    ]
    foot = (r"\textsuperscript{*}Equal contribution. " if equal else "") + tex_escape(
        PREPRINT_NOTICE
    )
    if p.get("doi"):
        foot += " DOI: " + tex_escape(p["doi"])
    s.append(r"{\renewcommand{\thefootnote}{}\footnotetext{" + foot + "}}")
    s.append(r"\begin{abstract}" + "\n" + tex_escape(p["abstract"]) + "\n" + r"\end{abstract}")
    if p["keywords"]:
        s.append(
            r"\noindent\textbf{Keywords:} " + tex_escape(", ".join(p["keywords"])) + r"\par\medskip"
        )
    return "\n".join(s) + "\n"


def references_tex(refs: list[tuple[str, str]]) -> str:
    items = "\n".join(r"\item[] " + tex_escape(r[1]) for r in refs)
    return (
        r"\section*{References}" + "\n"
        r"{\small\begin{list}{}{\leftmargin=1.5em\itemindent=-1.5em\itemsep=2pt\parsep=0pt}"
        + "\n"
        + items
        + "\n\\end{list}}\n"
    )


def document(p: dict, filler: int) -> tuple[str, list[str], list[tuple[str, str]]]:
    onecol = p.get("layout") == "onecolumn"
    refs = references_for(p)
    body, sections = body_tex(p, filler, refs, onecol)
    doc = (
        preamble(p, onecol)
        + r"\begin{document}"
        + "\n"
        + (front_onecol(p) if onecol else front_twocol(p))
        + body
        + references_tex(refs)
        + r"\end{document}"
        + "\n"
    )
    return doc, sections, refs


# --------------------------------------------------------------------------- build
def run_latex(tex: str, workdir: Path, name: str) -> tuple[Path, str]:
    (workdir / f"{name}.tex").write_text(tex, encoding="utf-8")
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, FORCE_SOURCE_DATE="1")
    for _ in range(2):
        r = subprocess.run(
            ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            errors="replace",
        )
        if r.returncode != 0:
            sys.stderr.write(r.stdout[-3000:])
            raise RuntimeError(f"pdflatex failed for {name}")
    return workdir / f"{name}.pdf", (workdir / f"{name}.aux").read_text(
        encoding="utf-8", errors="replace"
    )


def page_count(pdf: Path) -> int:
    data = pdf.read_bytes()
    m = re.findall(rb"/Type\s*/Pages\b.*?/Count\s+(\d+)", data, re.S)
    if m:
        return max(int(x) for x in m)
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def section_pages(aux: str) -> list[tuple[str, int]]:
    out = []
    for m in re.finditer(
        r"\\contentsline \{section\}\{\\numberline \{(\d+)\}(.*?)\}\{(\d+)\}", aux
    ):
        out.append((m.group(2), int(m.group(3))))
    return out


def build_paper(p: dict, tmp: Path) -> dict:
    target = p["pages"]
    onecol = p.get("layout") == "onecolumn"
    filler = max(0, 2 * target - 4)
    tried: dict[int, int] = {}
    best = None
    for _ in range(20):
        doc, sections, refs = document(p, filler)
        pdf, aux = run_latex(doc, tmp, p["id"])
        n = page_count(pdf)
        tried[filler] = n
        best = (filler, doc, sections, refs, pdf, aux, n)
        if n == target:
            break
        nxt = filler + (1 if n < target else -1)
        if nxt < 0 or nxt > 24 or nxt in tried:
            break
        filler = nxt
    assert best
    filler, doc, sections, refs, pdf, aux, n = best
    secs = section_pages(aux)
    assert [s for s, _ in secs] == [tex_escape(s) for s in sections], (secs, sections)
    shutil.copy(pdf, OUT / f"{p['id']}.pdf")

    def typeset(x):
        """What TeX actually prints: an ASCII apostrophe comes out as U+2019."""
        if isinstance(x, str):
            return x.replace("'", "\u2019")
        if isinstance(x, list):
            return [typeset(v) for v in x]
        if isinstance(x, dict):
            return {k: typeset(v) for k, v in x.items()}
        return x

    meta = {
        "title": p["title"],
        "authors": [
            {"name": n_, "affiliations": [D.AFF[a] for a in affs], "email": e}
            for n_, affs, e, _ in p["authors"]
        ],
        "abstract": p["abstract"],
        "keywords": list(p["keywords"]),
        "year": 2026,
        "venue": D.VENUE,
        "arxiv_id": p.get("arxiv"),
        "doi": p.get("doi"),
        "sections": [{"title": t, "page": pg} for t, (_, pg) in zip(sections, secs, strict=True)],
        "references": [r[1] for r in refs],
        "topic": p["topic"],
    }
    meta = typeset(meta)
    (OUT / f"{p['id']}.json").write_text(
        json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    size = (OUT / f"{p['id']}.pdf").stat().st_size
    print(
        f"{p['id']:24s} pages={n} (target {target}, filler {filler}) size={size // 1024} KB"
        f"{' onecolumn' if onecol else ''}{' review' if p.get('review') else ''}"
    )
    return {"pages": n, "size": size}


# --------------------------------------------------------------------------- bad files
def _pdf_from_objects(
    objs: list[bytes], root: int = 1, xref_garbage: bool = False, header: bytes = b"%PDF-1.4"
) -> bytes:
    """Serialise objects 1..n into a classic PDF with an xref table."""
    buf = io.BytesIO()
    buf.write(header + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(buf.tell())
        buf.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = buf.tell()
    buf.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    rng = random.Random("xref")
    for off in offsets:
        if xref_garbage:
            off = rng.randrange(10**9, 10**10 - 1)
        buf.write(b"%010d 00000 n \n" % off)
    buf.write(
        b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objs) + 1, root, (xref + 7 if xref_garbage else xref))
    )
    return buf.getvalue()


def _stream(data: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def simple_text_pdf(lines: list[str], **kw) -> bytes:
    content = (
        b"BT /F1 11 Tf 72 720 Td 14 TL "
        + b" ".join(
            b"("
            + ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")
            + b") '"
            for ln in lines
        )
        + b" ET"
    )
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>",
        _stream(content),
    ]
    return _pdf_from_objects(objs, **kw)


def bad_empty() -> bytes:
    return b""


def bad_truncated() -> bytes:
    data = (OUT / "park26pruning.pdf").read_bytes()
    return data[: int(len(data) * 0.4)]


def bad_notes() -> bytes:
    rng = random.Random("notes")
    words = [
        "meeting",
        "notes",
        "todo",
        "reviewer",
        "rebuttal",
        "deadline",
        "camera",
        "ready",
        "slides",
        "poster",
        "seoul",
        "flight",
        "hotel",
        "budget",
        "figure",
        "table",
        "appendix",
        "experiments",
        "rerun",
        "seeds",
        "ablation",
    ]
    lines = [" ".join(rng.choice(words) for _ in range(rng.randint(4, 12))) for _ in range(60)]
    return ("\n".join(lines) + "\n").encode()


def bad_html() -> bytes:
    return (
        b'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>ICML 2026 - Paper not found'
        b"</title></head>\n<body>\n<h1>404 Not Found</h1>\n<p>The requested PDF could not be found on this "
        b"server. You may need to log in to OpenReview to download the camera-ready version.</p>\n"
        b'<a href="/login">Log in</a>\n</body>\n</html>\n'
    )


def _encrypt(user: str, owner: str, algorithm: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    src = simple_text_pdf(
        [
            "Encrypted fixture for the proceedings test-suite.",
            "Budget-aware retrieval of encrypted camera-ready papers.",
            "If you can read this, decryption worked.",
        ]
    )
    import secrets

    # Deterministic output: pypdf draws salts, IVs, file keys and the /ID from secrets.token_bytes.
    # A seeded RNG is fine for a test fixture (never do this for real encryption).
    rng = random.Random("encrypt:" + algorithm + owner)
    orig = secrets.token_bytes
    secrets.token_bytes = lambda n=32: rng.randbytes(n)  # type: ignore[assignment]
    try:
        w = PdfWriter(clone_from=PdfReader(io.BytesIO(src)))
        w.add_metadata({"/Title": "Encrypted fixture"})
        w.encrypt(user_password=user, owner_password=owner, algorithm=algorithm)
        buf = io.BytesIO()
        w.write(buf)
    finally:
        secrets.token_bytes = orig  # type: ignore[assignment]
    return buf.getvalue()


def bad_encrypted_user() -> bytes:
    return _encrypt("s3cret-user", "s3cret-owner", "AES-256")


def bad_encrypted_owner_only() -> bytes:
    return _encrypt("", "owner-only-pw", "AES-128")


def bad_scan() -> bytes:
    """Rasterise page 1 of a fixture (no text layer) and wrap it as an image-only page."""
    with tempfile.TemporaryDirectory() as t:
        subprocess.run(
            [
                "pdftoppm",
                "-gray",
                "-r",
                "100",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(OUT / "ostergaard26lora.pdf"),
                f"{t}/scan",
            ],
            check=True,
        )
        pgm = Path(f"{t}/scan.pgm").read_bytes()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", pgm)
    assert m
    w, h = int(m.group(1)), int(m.group(2))
    pixels = pgm[m.end() :]
    img = _stream(
        pixels,
        b" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8" % (w, h),
        compress=True,
    )
    content = b"q 612 0 0 792 0 0 cm /Im0 Do Q"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
        img,
        _stream(content),
    ]
    return _pdf_from_objects(objs)


def bad_page_loop() -> bytes:
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ]
    return _pdf_from_objects(objs)


def bad_broken_xref() -> bytes:
    return simple_text_pdf(
        [
            "Broken cross-reference table.",
            "All xref offsets in this file are garbage,",
            "but the objects themselves are intact.",
        ],
        xref_garbage=True,
    )


def bad_many_pages(n_pages: int = 20000, fanout: int = 100) -> bytes:
    """20,000 blank pages sharing one content stream, packed in an object stream with an xref stream."""
    n_nodes = (n_pages + fanout - 1) // fanout
    # object numbers: 1 catalog, 2 root Pages, 3 content stream, 4.. intermediate nodes, then pages
    first_node = 4
    first_page = first_node + n_nodes
    packed: list[tuple[int, bytes]] = [(1, b"<</Type/Catalog/Pages 2 0 R>>")]
    packed.append(
        (
            2,
            b"<</Type/Pages/Count %d/MediaBox[0 0 612 792]/Resources<<>>/Kids[%s]>>"
            % (n_pages, b" ".join(b"%d 0 R" % (first_node + i) for i in range(n_nodes))),
        )
    )
    for i in range(n_nodes):
        kids = range(first_page + i * fanout, first_page + min(n_pages, (i + 1) * fanout))
        packed.append(
            (
                first_node + i,
                b"<</Type/Pages/Parent 2 0 R/Count %d/Kids[%s]>>"
                % (len(kids), b" ".join(b"%d 0 R" % k for k in kids)),
            )
        )
    for j in range(n_pages):
        packed.append(
            (
                first_page + j,
                b"<</Type/Page/Parent %d 0 R/Contents 3 0 R>>" % (first_node + j // fanout),
            )
        )
    header = io.BytesIO()
    bodies = io.BytesIO()
    for num, body in packed:
        header.write(b"%d %d " % (num, bodies.tell()))
        bodies.write(body + b"\n")
    hdr = header.getvalue()
    objstm_num = first_page + n_pages
    xref_num = objstm_num + 1
    raw = hdr + bodies.getvalue()
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    off3 = out.tell()
    out.write(b"3 0 obj\n" + _stream(b"0.9 g 36 36 540 720 re S") + b"\nendobj\n")
    off_stm = out.tell()
    out.write(
        b"%d 0 obj\n" % objstm_num
        + _stream(raw, b" /Type /ObjStm /N %d /First %d" % (len(packed), len(hdr)), compress=True)
        + b"\nendobj\n"
    )
    off_x = out.tell()
    size = xref_num + 1
    entries = bytearray()
    index_in_stream = {num: i for i, (num, _) in enumerate(packed)}
    for num in range(size):
        if num == 0:
            entries += bytes([0]) + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big")
        elif num == 3:
            entries += bytes([1]) + off3.to_bytes(4, "big") + (0).to_bytes(2, "big")
        elif num == objstm_num:
            entries += bytes([1]) + off_stm.to_bytes(4, "big") + (0).to_bytes(2, "big")
        elif num == xref_num:
            entries += bytes([1]) + off_x.to_bytes(4, "big") + (0).to_bytes(2, "big")
        else:
            entries += (
                bytes([2]) + objstm_num.to_bytes(4, "big") + index_in_stream[num].to_bytes(2, "big")
            )
    out.write(
        b"%d 0 obj\n" % xref_num
        + _stream(
            bytes(entries), b" /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R" % size, compress=True
        )
        + b"\nendobj\n"
    )
    out.write(b"startxref\n%d\n%%%%EOF\n" % off_x)
    return out.getvalue()


def bad_deep_nesting(depth: int = 100_000) -> bytes:
    deep = b"[" * depth + b"]" * depth
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R /PieceInfo << /Deep " + deep + b" >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(b"BT /F1 12 Tf 72 720 Td (Deeply nested arrays in the page dictionary) Tj ET"),
    ]
    return _pdf_from_objects(objs)


def bad_bomb(total: int = 1 << 30) -> bytes:
    """Content stream: [/FlateDecode /FlateDecode]; inflates to 1 GiB (+ a short text op)."""
    head = b"BT /F1 12 Tf 72 720 Td (Decompression bomb) Tj ET\n"
    inner = zlib.compressobj(9)
    parts = [inner.compress(head)]
    chunk = b" " * (1 << 20)
    for _ in range(total // len(chunk)):
        parts.append(inner.compress(chunk))
    parts.append(inner.flush())
    layer1 = b"".join(parts)
    layer2 = zlib.compress(layer1, 9)
    content = (
        b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(layer2)
        + layer2
        + b"\nendstream"
    )
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        content,
    ]
    return _pdf_from_objects(objs)


def bad_no_tounicode() -> bytes:
    """Type3 font with private glyph names and no ToUnicode: renders boxes, extracts gibberish."""
    text = "Efficient reasoning with adaptive pruning of chain-of-thought traces"
    rng = random.Random("cipher")
    alphabet = sorted(set(text))
    codes = rng.sample(range(33, 127), len(alphabet))
    code_of = {c: codes[i] for i, c in enumerate(alphabet)}
    encoded = bytes(code_of[c] for c in text)
    encoded = encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    diffs = b" ".join(b"%d /g%d" % (code, i) for i, code in enumerate(codes))
    procs = b" ".join(b"/g%d %d 0 R" % (i, 7 + i) for i in range(len(codes)))
    widths = [600] * 256
    font = (
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 750 750] /FontMatrix [0.001 0 0 0.001 0 0] "
        b"/CharProcs 6 0 R /Encoding << /Type /Encoding /Differences [" + diffs + b"] >> "
        b"/FirstChar 0 /LastChar 255 /Widths [" + b" ".join(b"%d" % w for w in widths) + b"] >>"
    )
    content = b"BT /F1 14 Tf 72 720 Td (" + encoded + b") Tj 0 -20 Td (" + encoded + b") Tj ET"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        font,
        _stream(content),
        b"<< " + procs + b" >>",
    ]
    for i in range(len(codes)):
        h = 200 + (i * 37) % 500
        objs.append(_stream(b"600 0 0 0 500 750 d1 50 0 %d %d re f" % (400, h)))
    return _pdf_from_objects(objs)


BAD_FILES = {
    "empty.pdf": (bad_empty, "empty", "error", "Zero-byte file."),
    "truncated.pdf": (
        bad_truncated,
        "truncated",
        "error",
        "First 40% of park26pruning.pdf: no xref table, no trailer, no %EOF. Lenient parsers may recover "
        "a partial page tree but the document is unusable; treat as error.",
    ),
    "notes.pdf": (
        bad_notes,
        "not_pdf",
        "error",
        "Plain text notes (random words) with a .pdf extension; no %PDF header.",
    ),
    "webpage.pdf": (bad_html, "html", "error", "An HTML 404 page saved with a .pdf extension."),
    "encrypted_user.pdf": (
        bad_encrypted_user,
        "encrypted",
        "error",
        "AES-256 encrypted with user password 's3cret-user' (owner 's3cret-owner'). Cannot be "
        "opened without the password; must be reported as encrypted, not crash.",
    ),
    "encrypted_owner_only.pdf": (
        bad_encrypted_owner_only,
        "encrypted_owner_only",
        "ok",
        "AES-128 with an EMPTY user password and owner password 'owner-only-pw'. Opens with "
        "decrypt(''); text: 'Encrypted fixture for the proceedings test-suite.'",
    ),
    "scan_no_text.pdf": (
        bad_scan,
        "image_only",
        "needs_ocr",
        "Page 1 of ostergaard26lora.pdf rasterised at 100 dpi (grayscale) as a single image; no text layer.",
    ),
    "page_loop.pdf": (
        bad_page_loop,
        "page_tree_loop",
        "error",
        "/Pages node 2 lists itself in /Kids; naive page-tree walks recurse forever.",
    ),
    "broken_xref.pdf": (
        bad_broken_xref,
        "broken_xref",
        "ok",
        "Valid objects but every xref offset (and startxref) is garbage; pypdf rebuilds the xref in "
        "non-strict mode and extracts the text 'Broken cross-reference table.'",
    ),
    "many_pages.pdf": (
        bad_many_pages,
        "huge_page_count",
        "ok",
        "20,000 blank pages (page tree of 200 nodes x 100 pages) sharing one content stream, packed "
        "in a compressed object stream + xref stream (PDF 1.5). No text; a page limit should kick in.",
    ),
    "deep_nesting.pdf": (
        bad_deep_nesting,
        "deep_nesting",
        "ok",
        "The page dictionary contains /PieceInfo << /Deep [[[...]]] >> with arrays nested 100,000 "
        "deep; naive recursive parsers hit RecursionError. pypdf 7.1 logs 'Error reading PDF file' "
        "but still opens it and extracts 'Deeply nested arrays in the page dictionary'. Must not "
        "crash; a clean error would also be acceptable.",
    ),
    "bomb.pdf": (
        bad_bomb,
        "decompression_bomb",
        "error",
        "Content stream with /Filter [/FlateDecode /FlateDecode]: a few KB on disk, ~1 MB after the first "
        "layer, 1 GiB (spaces after a short text op) after the second. Must not be inflated unbounded.",
    ),
    "no_tounicode.pdf": (
        bad_no_tounicode,
        "no_tounicode",
        "ok",
        "Valid one-page PDF whose only font is a Type3 font with private glyph names (/g0../gN) and "
        "no ToUnicode CMap; the text is a substitution cipher of a real sentence, so extraction "
        "yields gibberish. Opens fine; a text-quality check should flag it.",
    ),
}


def build_bad() -> None:
    BAD.mkdir(parents=True, exist_ok=True)
    expected = {}
    for name, (fn, kind, expect, note) in BAD_FILES.items():
        data = fn()
        (BAD / name).write_bytes(data)
        expected[name] = {"kind": kind, "expect": expect, "note": note}
        print(f"bad/{name:26s} {len(data):>9d} bytes  expect={expect}")
    (BAD / "expected.json").write_text(json.dumps(expected, indent=2) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- README
def write_readme(stats: dict[str, dict]) -> None:
    rows = []
    for p in D.PAPERS:
        flags = []
        if p.get("layout") == "onecolumn":
            flags.append("one-column arXiv preprint")
        if p.get("review"):
            flags.append("review copy, line numbers")
        if p.get("arxiv"):
            flags.append("arXiv " + p["arxiv"])
        if p.get("doi"):
            flags.append("DOI")
        if p.get("aff_style") == "block":
            flags.append("affiliations under authors")
        if p.get("email_style") == "braces":
            flags.append("{a,b}@x emails")
        if not p["keywords"] or p.get("layout") == "onecolumn":
            pass
        if p["keywords"]:
            flags.append("keywords")
        if not p.get("hyperref"):
            flags.append("no hyperref/outline")
        pages = stats.get(p["id"], {}).get("pages", p["pages"])
        rows.append(f"| `{p['id']}` | {p['topic']} | {p['title']} | {pages} | {', '.join(flags)} |")
    bad_rows = [f"| `{n}` | {k} | {e} | {note} |" for n, (_, k, e, note) in BAD_FILES.items()]
    text = f"""# Demo corpus (`fixtures/`)

Synthetic ICML 2026 camera-ready papers for tests and demos. **Everything here is generated** by
`scripts/make_fixtures.py` from the data in `scripts/fixture_data/papers.py`; all texts, names,
affiliations, e-mails, arXiv ids and DOIs are invented. Do not edit the PDFs or JSON by hand.

## Regenerating

```sh
apt-get install -y texlive-latex-base texlive-latex-recommended texlive-fonts-recommended \\
    texlive-latex-extra poppler-utils
. .venv/bin/activate            # needs pypdf + cryptography
python scripts/make_fixtures.py # or --only <id>, or --bad-only
```

Output is deterministic for a given TeX Live version (`SOURCE_DATE_EPOCH` is fixed).

## Papers

Each `<id>.pdf` has a sibling `<id>.json` with the expected metadata:
`title`, `authors[{{name, affiliations, email}}]`, `abstract`, `keywords`, `year`, `venue`,
`arxiv_id`, `doi`, `sections[{{title, page}}]`, `references`, `topic`.

Notes for test writers:

* `title` and `abstract` are the exact typeset text (plain Unicode). The PDFs use Times (Type1, T1
  encoding) with `fi`/`fl` ligatures and TeX hyphenation, so raw extraction will contain ligature
  glyphs and words split across lines (`chain-of-`/`thought`, `ef-`/`ficient`).
* Apostrophes are typeset (and stored in the JSON) as U+2019 (`agent’s`). LaTeX builds some accented
  letters from a base letter plus a spacing accent, so raw extraction of `Ayşe Yılmaz` gives
  `Ay¸se Yılmaz` and `Kateřina` gives `Kateˇrina`; the JSON has the composed names.
* `venue` is always the canonical "{D.VENUE}" (all papers are accepted papers), even for the review
  copy (`wang26selfsup`, footnote says "Under review by ... ICML") and the preprint (`choi26distill`).
  The camera-ready footnote reads: "{ICML_NOTICE}"
* `sections` lists only top-level *numbered* sections (printed as "1. Introduction"), with the
  1-based PDF page taken from the LaTeX `.aux`. The unnumbered "References" section is not listed.
* `email` is set only for corresponding authors (the "Correspondence to:" line); it is `null` otherwise.
  Three papers print the brace form `{{a, b}}@domain`.
* `arxiv_id` is stored without the `arXiv:` prefix but with the version (e.g. `2602.01234v2`);
  it is printed vertically in the left margin of page 1 (`arXiv:2602.01234v2 [cs.CL] 12 Feb 2026`).
  `doi` is printed as `DOI: 10.48550/arXiv....` in the first-page footnote.
* `keywords` is `[]` when the paper prints no "Keywords:" line (9 of 24 papers).
* Layout variants: `choi26distill` is a one-column 11pt arXiv-style preprint (authors with affiliations
  and a bare e-mail line under the title, no "Correspondence to:" line, footnote "Preprint. Accepted to
  ... ICML 2026 ..."). `wang26selfsup` is an ICML review copy: line numbers in both outer margins
  (lineno `switch`; they are interleaved in extracted text), page numbers, running head
  "Submission and Formatting Instructions for ICML 2026". `lee26dense`, `choi26distill` and
  `wroblewska26bayesopt` print affiliations under the author names instead of in the footnote.
  All other papers are two-column camera-ready with a running short title on pages 2+.
* Every paper has one overview figure (boxes drawn with the picture environment, so their labels are
  text), one results table (booktabs) and one line plot with axis labels, plus one display equation.
* Papers built with hyperref carry PDF outlines (bookmarks) and `/Title` metadata; `nunez26earlyexit`
  has the misleading metadata title `paper`. Papers marked "no hyperref/outline" have neither.
* Author names include diacritics (Zoë Lefèvre, José Núñez-García, Søren Østergaard, Łukasz Wróbel,
  Ayşe Yılmaz, Kateřina Nováková, Ingrid Ødegård), particles (Maarten van der Berg, María de la Cruz,
  Pieter van Leeuwen, Carlos de la Fuente), hyphenated surnames and romanized Korean names (Ji-woo Park,
  Seung-hyun Kim, ...). Some names appear on several papers (Seung-hyun Kim, Ji-woo Park, Minseo
  Choi, Bernhard Schönfeld).

| id | topic | title | pages | notes |
|----|-------|-------|-------|-------|
{chr(10).join(rows)}

## `bad/` — robustness inputs

`bad/expected.json` maps each file to `{{"kind", "expect", "note"}}` where `expect` is
`error` (must be rejected with a clean error, never a crash/hang/OOM), `ok` (must ingest) or
`needs_ocr` (opens, but has no text layer).

| file | kind | expect | what it is |
|------|------|--------|------------|
{chr(10).join(bad_rows)}
"""
    (OUT / "README.md").write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", action="append", help="build only this paper id (repeatable)")
    ap.add_argument("--bad-only", action="store_true")
    ap.add_argument("--keep-tex", metavar="DIR", help="keep LaTeX sources/logs in DIR")
    a = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    stats: dict[str, dict] = {}
    if not a.bad_only:
        tmp = Path(a.keep_tex) if a.keep_tex else Path(tempfile.mkdtemp(prefix="fixtures-"))
        tmp.mkdir(parents=True, exist_ok=True)
        try:
            for p in D.PAPERS:
                if a.only and p["id"] not in a.only:
                    continue
                stats[p["id"]] = build_paper(p, tmp)
        finally:
            if not a.keep_tex:
                shutil.rmtree(tmp, ignore_errors=True)
    if not a.only:
        build_bad()
        if not stats:
            stats = {
                p["id"]: {"pages": page_count(OUT / f"{p['id']}.pdf")}
                for p in D.PAPERS
                if (OUT / f"{p['id']}.pdf").exists()
            }
        write_readme(stats)


if __name__ == "__main__":
    main()
