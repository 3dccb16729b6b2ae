#!/usr/bin/env python3
# ruff: noqa: E501
"""Regenerate ``fixtures/templates/``: first pages in the look of other venues' templates.

Usage::

    python scripts/make_template_fixtures.py [OUTDIR [NAME...]]   # default fixtures/templates, all

Each document imitates the first page of a template we have no real sample of (NeurIPS
camera-ready / submission / preprint, ICLR published / under review, CoRL, COLT (PMLR),
UAI, ICML review copy, arXiv ``article``/``authblk``/``arxiv.sty`` preprints) with plain
``article`` and standard TeX Live packages (times, lineno, fancyhdr, titlesec, authblk,
microtype, hyperref, eso-pic). All names, titles and abstracts are invented.

For every document ``<name>.tex``, ``<name>.pdf`` and ``<name>.json`` (expected fields, checked
by ``tests/test_extract_templates.py``) are written. PDFs larger than 60 KB (Computer Modern
documents embed many fonts) are not kept. Needs pdflatex; ``SOURCE_DATE_EPOCH`` is fixed so
output is deterministic for a given TeX Live version.

The LaTeX shared by the variants of a template (preambles, title blocks, notices) is defined
once below, as constants with ``%KEY%`` placeholders filled by :func:`fill`, or as small
functions taking the parts that differ.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "fixtures" / "templates"
ONLY = set(sys.argv[2:])
MAX_BYTES = int(os.environ.get("MAX_BYTES", "60000"))

BODY_PARAS = [
    "Learning systems that adapt to new conditions without retraining remain an open "
    "problem. Prior approaches either rely on large amounts of labelled data or on strong "
    "assumptions about the structure of the environment, and both limit their use in "
    "practice. In this work we study a simple alternative that reuses the statistics "
    "gathered during training to calibrate predictions at test time.",
    "Our contributions are threefold. First, we formalise the setting and show that a "
    "natural estimator is consistent under mild conditions. Second, we give an efficient "
    "algorithm whose cost grows linearly with the number of samples. Third, we evaluate "
    "the method on several benchmarks and find consistent gains over strong baselines.",
    "The remainder of the paper is organised as follows. We review related work, introduce "
    "the method, present experiments and conclude with a discussion of limitations and "
    "directions for future work that we consider promising for the community.",
]

SECTIONS = ["Introduction", "Related Work", "Method", "Experiments", "Conclusion"]


def body(sc_headings: bool = False, paras: int = 5) -> str:
    out = []
    for i, sec in enumerate(SECTIONS):
        out.append(f"\\section{{{sec}}}")
        for k in range(paras if i < 4 else 2):
            out.append(BODY_PARAS[(i + k) % 3])
            out.append("")
    out.append("\\begin{thebibliography}{9}")
    for k, (a, t) in enumerate(
        [
            ("A. Author and B. Author", "A study of adaptive calibration"),
            ("C. Writer", "Consistent estimators for test-time adaptation"),
            ("D. Person, E. Person and F. Person", "Benchmarks for robust learning"),
        ]
    ):
        out.append(f"\\bibitem{{r{k}}} {a}. {t}. In Proceedings of a Conference, 2023.")
    out.append("\\end{thebibliography}")
    return "\n".join(out)


# --------------------------------------------------------------------------- building blocks
FONTS = (r"\usepackage[T1]{fontenc}", r"\usepackage[utf8]{inputenc}", r"\usepackage{times}")
NEURIPS_GEOMETRY = r"\usepackage[letterpaper,textwidth=5.5in,textheight=9in,top=1in]{geometry}"
ARXIV_GEOMETRY = r"\usepackage[margin=1in]{geometry}"
URL = r"\usepackage{url}"
MICROTYPE = r"\usepackage{microtype}"
HYPERREF = r"\usepackage[hidelinks]{hyperref}"
FNSYMBOL = r"\renewcommand{\thefootnote}{\fnsymbol{footnote}}"
BEGIN = r"\begin{document}"
# Author columns in a ``tabular``: ``\And`` starts the next column, ``\AND`` a new row.
AND = r"\def\And{\end{tabular}\hfil\linebreak[0]\hfil\begin{tabular}[t]{c}\bf\rule{\z@}{24\p@}\ignorespaces}"
AND_ROW = r"\def\AND{\end{tabular}\hfil\linebreak[4]\hfil\begin{tabular}[t]{c}\bf\rule{\z@}{24\p@}\ignorespaces}"


def fill(template: str, **parts: str) -> str:
    """Replace each ``%KEY%`` of ``template`` by ``parts["key"]``; every placeholder must be given."""
    for key, value in parts.items():
        template = template.replace(f"%{key.upper()}%", value)
    if left := re.findall(r"%[A-Z_]+%", template):
        raise ValueError(f"unfilled placeholders {left}")
    return template


def head(options: str, *lines: str) -> str:
    """``\\documentclass[options]{article}`` with T1, utf8 and Times, then ``lines``, one a line."""
    return "\n".join([f"\\documentclass[{options}]{{article}}", *FONTS, *lines]) + "\n"


def notice(text: str) -> str:
    """An unnumbered first-page footnote (conference notice, copyright line)."""
    return "{\\let\\thefootnote\\relax\\footnotetext{" + text + "}}\n"


def abstract_env(text: str) -> str:
    return "\\begin{abstract}\n" + text + "\n\\end{abstract}\n"


def quoted_abstract(text: str) -> str:
    """A centred bold "Abstract" heading over a ``quote`` (the NeurIPS look without the style file)."""
    return (
        "\\begin{center}{\\large\\bf Abstract}\\end{center}\n\\begin{quote}\n"
        + text
        + "\n\\end{quote}\n"
    )


def doc(
    front: str, expected: dict[str, object], *, sc_headings: bool = False, paras: int = 5
) -> tuple[str, dict[str, object]]:
    """A whole document: ``front`` (preamble, title block, abstract), then the common body."""
    return front + body(sc_headings, paras) + "\n\\end{document}\n", expected


def meta(
    title: str,
    abstract: str,
    *,
    authors: list[str] | None = None,
    emails: list[str] | None = None,
    venue: str | None = None,
    year: int | None = None,
    keywords: list[str] | None = None,
    code_url: str | None = None,
    arxiv_id: str | None = None,
) -> dict[str, object]:
    """The expected fields, in the order the JSON files list them."""
    out: dict[str, object] = {"title": title}
    if arxiv_id is not None:
        out["arxiv_id"] = arxiv_id
    out |= {"authors": authors or [], "emails": emails or [], "abstract": abstract}
    if code_url is not None:
        out["code_url"] = code_url
    out |= {"venue": venue, "year": year, "keywords": keywords or []}
    return out


DOCS: dict[str, tuple[str, dict[str, object]]] = {}

# --------------------------------------------------------------------------- NeurIPS final
NEURIPS_STY = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\renewcommand{\rmdefault}{ptm}
\renewcommand{\sfdefault}{phv}
\usepackage[letterpaper,textwidth=5.5in,textheight=9in,top=1in]{geometry}
\usepackage{url}
\usepackage{microtype}
\makeatletter
% The title, author and notice mechanics of neurips_2024.sty (final option).
\renewcommand{\normalsize}{\@setfontsize\normalsize\@xpt\@xipt}\normalsize
\renewcommand{\small}{\@setfontsize\small\@ixpt\@xpt}
\renewcommand{\footnotesize}{\@setfontsize\footnotesize\@ixpt\@xpt}
\renewcommand{\large}{\@setfontsize\large\@xiipt{14}}
\renewcommand{\LARGE}{\@setfontsize\LARGE\@xviipt{20}}
\setlength{\parindent}{\z@}\setlength{\parskip}{5.5\p@}
\renewcommand{\maketitle}{\par\begingroup
  \renewcommand{\thefootnote}{\fnsymbol{footnote}}
  \renewcommand{\@makefnmark}{\hbox to \z@{$^{\@thefnmark}$\hss}}
  \long\def\@makefntext##1{\parindent 1em\noindent\hbox to 1.8em{\hss $\m@th ^{\@thefnmark}$}##1}
  \thispagestyle{empty}\@maketitle\@thanks\@notice
  \endgroup\let\maketitle\relax\let\thanks\relax}
\renewcommand{\@maketitle}{\vbox{\hsize\textwidth\linewidth\hsize\vskip 0.1in
  \hrule height 4\p@\vskip 0.25in\vskip -\parskip\centering
  {\LARGE\bf \@title\par}
  \vskip 0.29in\vskip -\parskip\hrule height 1\p@\vskip 0.09in
  \def\And{\end{tabular}\hfil\linebreak[0]\hfil\begin{tabular}[t]{c}\bf\rule{\z@}{24\p@}\ignorespaces}%
  \def\AND{\end{tabular}\hfil\linebreak[4]\hfil\begin{tabular}[t]{c}\bf\rule{\z@}{24\p@}\ignorespaces}%
  \begin{tabular}[t]{c}\bf\rule{\z@}{24\p@}\@author\end{tabular}%
  \vskip 0.3in \@minus 0.1in}}
\newcommand{\ftype@noticebox}{8}
\newcommand{\@notice}{\enlargethispage{2\baselineskip}\@float{noticebox}[b]\footnotesize
  %NOTICE%\end@float}
\renewenvironment{abstract}{\vskip 0.075in\centerline{\large\bf Abstract}\vspace{0.5ex}\begin{quote}}{\par\end{quote}\vskip 1ex}
\makeatother
\title{%TITLE%}
\author{%
%AUTHORS%
}
\begin{document}
\maketitle
"""


def neurips_sty(notice_text: str, title: str, authors: str, abstract: str) -> str:
    """The front of a paper typeset with the NeurIPS style file (``\\maketitle`` and notice box)."""
    return fill(NEURIPS_STY, notice=notice_text, title=title, authors=authors) + abstract_env(
        abstract
    )


NEURIPS24_NOTICE = "38th Conference on Neural Information Processing Systems (NeurIPS 2024)."
NEURIPS24_VENUE = "Proceedings of the 38th Conference on Neural Information Processing Systems"
NEURIPS24_AUTHORS = ["Hyun-Woo Kim", "Maarten van der Berg", "Zoë Müller-Schmidt", "Jisoo Park"]
SMOLRE_ABSTRACT_TEX = r"""Long-context language models spend most of their compute on attention and feed-forward
layers whose capacity is rarely used in full. We propose sparse mixtures of low-rank
experts, which route each token to a few low-rank adapters of a shared backbone. The
approach keeps quality on par with dense models while cutting inference cost by half on
sequences of up to one million tokens."""
SMOLRE_ABSTRACT = (
    "Long-context language models spend most of their compute on attention and "
    "feed-forward layers whose capacity is rarely used in full. We propose sparse mixtures "
    "of low-rank experts, which route each token to a few low-rank adapters of a shared "
    "backbone. The approach keeps quality on par with dense models while cutting inference "
    "cost by half on sequences of up to one million tokens."
)

DOCS["neurips24_final"] = doc(
    neurips_sty(
        NEURIPS24_NOTICE,
        "Sparse Mixtures of Low-Rank Experts for Efficient Long-Context Language Modeling",
        r"""Hyun-Woo Kim \\
Department of Computer Science\\
KAIST\\
Daejeon, South Korea\\
\texttt{hwkim@kaist.ac.kr} \\
\And
Maarten van der Berg\\
Informatics Institute\\
University of Amsterdam\\
\texttt{m.vanderberg@uva.nl} \\
\AND
Zoë Müller-Schmidt\\
Max Planck Institute for Intelligent Systems\\
Tübingen, Germany\\
\texttt{zoe.mueller@tue.mpg.de} \\
\And
Jisoo Park\\
Google DeepMind\\
London, UK\\
\texttt{jisoopark@google.com} \\""",
        SMOLRE_ABSTRACT_TEX + r" Code is available at \url{https://github.com/hwkim/smolre}.",
    ),
    meta(
        "Sparse Mixtures of Low-Rank Experts for Efficient Long-Context Language Modeling",
        SMOLRE_ABSTRACT,
        authors=NEURIPS24_AUTHORS,
        emails=[
            "hwkim@kaist.ac.kr",
            "m.vanderberg@uva.nl",
            "zoe.mueller@tue.mpg.de",
            "jisoopark@google.com",
        ],
        code_url="https://github.com/hwkim/smolre",
        venue=NEURIPS24_VENUE,
        year=2024,
    ),
    paras=3,
)

DOCS["neurips24_thanks"] = doc(
    neurips_sty(
        NEURIPS24_NOTICE,
        "Sparse Mixtures of Low-Rank Experts for Long Contexts",
        r"""Hyun-Woo Kim\thanks{Now at Google Research, Zürich.} \\
Department of Computer Science\\
KAIST\\
Daejeon, South Korea\\
\And
Maarten van der Berg\\
Informatics Institute\\
University of Amsterdam\\
\AND
Zoë Müller-Schmidt\\
Max Planck Institute for Intelligent Systems\\
Tübingen, Germany\\
\And
Jisoo Park\\
Google DeepMind\\
London, UK\\""",
        SMOLRE_ABSTRACT_TEX,
    ),
    meta(
        "Sparse Mixtures of Low-Rank Experts for Long Contexts",
        SMOLRE_ABSTRACT,
        authors=NEURIPS24_AUTHORS,
        venue=NEURIPS24_VENUE,
        year=2024,
    ),
    paras=3,
)

# --------------------------------------------------------------------------- NeurIPS without the style file
# The title box between two rules, the authors' tabular and the notice footnote, as the
# submission, preprint and workshop variants lay them out.
NEURIPS_BOX = r"""\vbox{\hsize\textwidth\linewidth\hsize\vskip 0.1in
\hrule height 4pt\vskip 0.25in\vskip -5.5pt
\centering{\LARGE\bf %TITLE%\par}
\vskip 0.29in\vskip -5.5pt\hrule height 1pt\vskip 0.09in
\begin{tabular}[t]{c}\bf\rule{\z@}{24\p@}
%AUTHORS%
\end{tabular}
\vskip 0.3in}
"""


def neurips_box(title: str, authors: str, notice_text: str, abstract: str) -> str:
    return (
        fill(NEURIPS_BOX, title=title, authors=authors)
        + notice(notice_text)
        + quoted_abstract(abstract)
    )


# --------------------------------------------------------------------------- NeurIPS submission
DOCS["neurips24_submit"] = doc(
    head(
        "10pt",
        NEURIPS_GEOMETRY,
        r"\usepackage[switch]{lineno}",
        r"\renewcommand\linenumberfont{\normalfont\small}",
        URL,
        r"\makeatletter",
        BEGIN,
        r"\linenumbers",
    )
    + neurips_box(
        r"Provably Efficient Exploration in Constrained\\ Markov Decision Processes",
        r"""Anonymous Author(s) \\
Affiliation \\
Address \\
\texttt{email}""",
        "Submitted to 38th Conference on Neural Information Processing Systems (NeurIPS 2024). Do not distribute.",
        r"""We study exploration in constrained Markov decision processes where the learner must
satisfy a budget on expected cost at every episode. We give an optimistic primal-dual
algorithm with regret and constraint violation that both grow as the square root of the
number of episodes, and we show a matching lower bound up to logarithmic factors.""",
    ),
    meta(
        "Provably Efficient Exploration in Constrained Markov Decision Processes",
        "We study exploration in constrained Markov decision processes where the "
        "learner must satisfy a budget on expected cost at every episode. We give an optimistic "
        "primal-dual algorithm with regret and constraint violation that both grow as the square "
        "root of the number of episodes, and we show a matching lower bound up to logarithmic "
        "factors.",
        venue=NEURIPS24_VENUE,
        year=2024,
    ),
)

# --------------------------------------------------------------------------- NeurIPS preprint
DOCS["neurips24_preprint"] = doc(
    head("10pt", NEURIPS_GEOMETRY, URL, r"\makeatletter", FNSYMBOL, AND, BEGIN)
    + neurips_box(
        "Diffusion Policies Meet Model Predictive Control",
        r"""Alice O’Neill \quad Bartosz Wiśniewski \quad José Ángel Núñez \\
Robotics Institute, Carnegie Mellon University \\
\texttt{\{aoneill,bwisniew,jnunez\}@cs.cmu.edu}
\And
Seung-hyun Yoon \\
Seoul National University \\
\texttt{shyoon@snu.ac.kr}""",
        "Preprint. Under review.",
        r"""Diffusion policies model multi-modal action distributions but ignore the dynamics of the
system they control. We combine them with model predictive control: the diffusion model
proposes action sequences and a short-horizon optimiser refines them against a learned
dynamics model. On six manipulation tasks the hybrid improves success rates by 14 points.""",
    ),
    meta(
        "Diffusion Policies Meet Model Predictive Control",
        "Diffusion policies model multi-modal action distributions but ignore the "
        "dynamics of the system they control. We combine them with model predictive control: "
        "the diffusion model proposes action sequences and a short-horizon optimiser refines "
        "them against a learned dynamics model. On six manipulation tasks the hybrid improves "
        "success rates by 14 points.",
        authors=["Alice O’Neill", "Bartosz Wiśniewski", "José Ángel Núñez", "Seung-hyun Yoon"],
        emails=[
            "aoneill@cs.cmu.edu",
            "bwisniew@cs.cmu.edu",
            "jnunez@cs.cmu.edu",
            "shyoon@snu.ac.kr",
        ],
    ),
)

# --------------------------------------------------------------------------- ICLR
ICLR_PRE = (
    head(
        "10pt",
        NEURIPS_GEOMETRY,
        URL,
        r"\usepackage{fancyhdr}",
        r"\usepackage{titlesec}",
        "%LINENO%",
        MICROTYPE,
        HYPERREF,
    )
    + r"""\titleformat{\section}{\large\scshape}{\thesection}{1em}{}
\pagestyle{fancy}\fancyhf{}
\lhead{%HEAD%}
\cfoot{\thepage}
\renewcommand{\headrulewidth}{0.4pt}
\makeatletter
\def\And{\end{tabular}\hfil\linebreak[0]\hfil\begin{tabular}[t]{l}\bf\rule{\z@}{24\p@}\ignorespaces}
\renewcommand{\thefootnote}{\fnsymbol{footnote}}
\begin{document}
\thispagestyle{fancy}
%LN%
{\raggedright\Large\scshape %TITLE%\par}
\vskip 0.3in
\begin{tabular}[t]{l}\bf\rule{\z@}{24\p@}
%AUTHORS%
\end{tabular}
\vskip 0.3in
\begin{center}{\large\scshape Abstract}\end{center}
\begin{quote}
%ABSTRACT%
\end{quote}
"""
)


def iclr(year: int, title: str, authors: str, abstract: str, *, review: bool = False) -> str:
    """An ICLR first page: published (running head, no line numbers) or under review."""
    status = "Under review as" if review else "Published as"
    return fill(
        ICLR_PRE,
        head=f"{status} a conference paper at ICLR {year}",
        lineno=r"\usepackage[switch]{lineno}" if review else "",
        ln=r"\linenumbers" if review else "",
        title=title,
        authors=authors,
        abstract=abstract,
    )


DOCS["iclr24_final"] = doc(
    iclr(
        2024,
        r"Learning Invariant Representations\\ with Contrastive Flow Matching",
        r"""María de la Cruz, Ji-ho Lee \& Tomasz Łukasiewicz\footnote{Work done at Meta.} \\
Department of Statistics\\
University of Oxford\\
\texttt{\{mdelacruz,jlee,tlukasiewicz\}@stats.ox.ac.uk}
\And
Sung-Min Cho \\
NAVER AI Lab \\
\texttt{sungmin.cho@navercorp.com}""",
        r"""Flow matching learns a vector field that transports noise to data. We show that a
contrastive variant of the objective yields representations that are invariant to nuisance
transformations, without data augmentation at training time. Our method matches the
linear-probe accuracy of strong self-supervised baselines on ImageNet while training twice as
fast. Our code is publicly available at \url{https://github.com/mdelacruz/cfm}.""",
    ),
    meta(
        "Learning Invariant Representations with Contrastive Flow Matching",
        "Flow matching learns a vector field that transports noise to data. We show "
        "that a contrastive variant of the objective yields representations that are invariant "
        "to nuisance transformations, without data augmentation at training time. Our method "
        "matches the linear-probe accuracy of strong self-supervised baselines on ImageNet "
        "while training twice as fast.",
        authors=["María de la Cruz", "Ji-ho Lee", "Tomasz Łukasiewicz", "Sung-Min Cho"],
        emails=[
            "mdelacruz@stats.ox.ac.uk",
            "jlee@stats.ox.ac.uk",
            "tlukasiewicz@stats.ox.ac.uk",
            "sungmin.cho@navercorp.com",
        ],
        code_url="https://github.com/mdelacruz/cfm",
        venue="ICLR 2024",
        year=2024,
    ),
    sc_headings=True,
)

DOCS["iclr25_review"] = doc(
    iclr(
        2025,
        r"On the Expressivity of Graph Transformers with Positional Encodings",
        r"""Anonymous authors\\ Paper under double-blind review""",
        r"""Graph transformers rely on positional encodings to break the symmetry of
attention. We characterise the expressive power of common encodings in terms of the
Weisfeiler-Leman hierarchy and show that spectral encodings are strictly more expressive
than random-walk encodings. Experiments on synthetic and molecular benchmarks confirm the
separation.""",
        review=True,
    ),
    meta(
        "On the Expressivity of Graph Transformers with Positional Encodings",
        "Graph transformers rely on positional encodings to break the symmetry of "
        "attention. We characterise the expressive power of common encodings in terms of the "
        "Weisfeiler-Leman hierarchy and show that spectral encodings are strictly more "
        "expressive than random-walk encodings. Experiments on synthetic and molecular "
        "benchmarks confirm the separation.",
        venue="ICLR 2025",
        year=2025,
    ),
    sc_headings=True,
)

# --------------------------------------------------------------------------- CoRL
CORL_FRONT = r"""\begin{center}
{\LARGE\bf %TITLE%\par}
\vskip %TITLESKIP%
%BYLINE%
\end{center}
{\let\thefootnote\relax\footnotetext{%NOTICE%}}
\vskip %NOTICESKIP%
\begin{quote}
\textbf{Abstract:} %ABSTRACT%

\textbf{Keywords:} %KEYWORDS%
\end{quote}
"""
CORL23_NOTICE = "7th Conference on Robot Learning (CoRL 2023), Atlanta, USA."
CORL23_HEAD = head("10pt", NEURIPS_GEOMETRY, URL, BEGIN)


def corl(
    title: str, byline: str, notice_text: str, abstract: str, keywords: str, *, camera: bool = False
) -> str:
    """A CoRL title block and abstract; ``camera`` spaces it as the 2024 camera-ready does."""
    return fill(
        CORL_FRONT,
        title=title,
        titleskip="0.2in" if camera else "0.3in",
        byline=byline,
        notice=notice_text,
        noticeskip="0.1in" if camera else "0.2in",
        abstract=abstract,
        keywords=keywords,
    )


DOCS["corl23"] = doc(
    CORL23_HEAD
    + corl(
        r"Tactile Imitation Learning for\\ Contact-Rich Assembly",
        r"""{\bf Ana-Sofía Ortega\textsuperscript{1}, Daniel de Vries\textsuperscript{2}, Min-jun Choi\textsuperscript{1}}\\[2pt]
\textsuperscript{1}Robotics Institute, Carnegie Mellon University \quad \textsuperscript{2}Delft University of Technology\\
\texttt{\{aortega,mchoi\}@cmu.edu}, \texttt{d.devries@tudelft.nl}""",
        CORL23_NOTICE,
        r"""Assembly tasks with tight tolerances require feedback that vision alone
cannot provide. We present a tactile imitation learning framework that fuses high-resolution
touch with proprioception in a transformer policy trained from thirty demonstrations. On four
peg-in-hole and connector insertion tasks our policy reaches a success rate of 92 percent.""",
        "Imitation Learning, Tactile Sensing, Robotic Assembly",
    ),
    meta(
        "Tactile Imitation Learning for Contact-Rich Assembly",
        "Assembly tasks with tight tolerances require feedback that vision alone "
        "cannot provide. We present a tactile imitation learning framework that fuses "
        "high-resolution touch with proprioception in a transformer policy trained from thirty "
        "demonstrations. On four peg-in-hole and connector insertion tasks our policy reaches a "
        "success rate of 92 percent.",
        authors=["Ana-Sofía Ortega", "Daniel de Vries", "Min-jun Choi"],
        emails=["aortega@cmu.edu", "d.devries@tudelft.nl", "mchoi@cmu.edu"],
        venue="Proceedings of the 7th Conference on Robot Learning",
        year=2023,
        keywords=["Imitation Learning", "Tactile Sensing", "Robotic Assembly"],
    ),
)

# --------------------------------------------------------------------------- COLT (PMLR/JMLR)
# The preamble both COLT fronts share: Times, a 6in text block, the PMLR running heads.
PMLR_PREAMBLE = r"""\usepackage[T1]{fontenc}
\usepackage{times}
\usepackage[utf8]{inputenc}
\usepackage[letterpaper,textwidth=6in,textheight=%HEIGHT%,top=1in]{geometry}
\usepackage{url}
\usepackage{fancyhdr}
\pagestyle{fancy}\fancyhf{}\renewcommand{\headrulewidth}{0pt}
\fancyhead[C]{\small\scshape %RUNNINGHEAD%}
\fancyfoot[C]{\thepage}
\fancypagestyle{first}{\fancyhf{}\fancyhead[L]{\scriptsize Proceedings of Machine Learning Research vol %PMLR%}\fancyhead[R]{\scriptsize %EDITION% Annual Conference on Learning Theory}}
"""


def pmlr_front(size: str, height: str, body: str) -> str:
    """A COLT front matter: ``size`` the class option, ``height`` the text block's."""
    head = rf"\documentclass[{size}]{{article}}" + "\n"
    return head + PMLR_PREAMBLE.replace("%HEIGHT%", height) + body


COLT_FRONT = pmlr_front(
    "11pt",
    "8.7in",
    r"""\begin{document}
\thispagestyle{first}
\begin{center}
{\Large\bf %TITLE%\par}
\end{center}
\vskip 0.2in
%AUTHORS%
\vskip 0.2in
\noindent{\small\bf Editors:} {\small %EDITORS%}
\vskip 0.15in
\begin{center}{\bf Abstract}\end{center}
{\small\begin{quote}
%ABSTRACT%
\end{quote}}
\noindent{\small\bf Keywords:} {\small %KEYWORDS%}
{\let\thefootnote\relax\footnotetext{\copyright\ %COPYRIGHT%.}}
""",
)


def colt_authors(groups: list[tuple[list[tuple[str, str]], str]]) -> str:
    """JMLR bylines: each group's ``(name, email)`` lines, then the address they share."""
    return "\\\\[4pt]\n".join(
        "".join(
            f"\\noindent{{\\bf {name}}} \\hfill {{\\small\\scshape {email}}}\\\\\n"
            for name, email in people
        )
        + f"\\hspace*{{1em}}{{\\itshape {address}}}"
        for people, address in groups
    )


DOCS["colt23"] = doc(
    fill(
        COLT_FRONT,
        runninghead="Boursier Nguyen Jang",
        pmlr="195:1--30, 2023",
        edition="36th",
        title=r"Sharp Rates for Online Learning\\ with Adversarial Corruptions",
        authors=colt_authors(
            [
                (
                    [("Étienne Boursier", "etienne.boursier@inria.fr")],
                    "INRIA, Université Paris-Saclay, France",
                ),
                ([("Nguyen Van Anh", "anh.nguyen@epfl.ch")], "EPFL, Lausanne, Switzerland"),
                ([("Seo-Yeon Jang", "syjang@postech.ac.kr")], "POSTECH, Pohang, Korea"),
            ]
        ),
        editors="Gergely Neu and Lorenzo Rosasco",
        abstract=r"""We study online learning with expert advice when an adversary may corrupt a fraction of the
observed losses. We show that a simple modification of exponential weights achieves regret
that degrades gracefully with the total amount of corruption, and we prove a matching lower
bound. Our analysis extends to bandit feedback.""",
        keywords="online learning, adversarial corruption, expert advice",
        copyright=r"2023 É. Boursier, A. Nguyen \& S.-Y. Jang",
    ),
    meta(
        "Sharp Rates for Online Learning with Adversarial Corruptions",
        "We study online learning with expert advice when an adversary may corrupt a "
        "fraction of the observed losses. We show that a simple modification of exponential "
        "weights achieves regret that degrades gracefully with the total amount of corruption, "
        "and we prove a matching lower bound. Our analysis extends to bandit feedback.",
        authors=["Étienne Boursier", "Nguyen Van Anh", "Seo-Yeon Jang"],
        emails=["etienne.boursier@inria.fr", "anh.nguyen@epfl.ch", "syjang@postech.ac.kr"],
        venue="Proceedings of the 36th Annual Conference on Learning Theory",
        year=2023,
        keywords=["online learning", "adversarial corruption", "expert advice"],
    ),
)

# --------------------------------------------------------------------------- UAI
DOCS["uai23"] = doc(
    head(
        "10pt,twocolumn",
        r"\usepackage[scaled=0.92]{helvet}",
        r"\usepackage[letterpaper,textwidth=7in,textheight=9.25in,top=0.9in,columnsep=0.3in]{geometry}",
        URL,
        r"\usepackage{titlesec}",
        r"\titleformat{\section}{\large\sffamily\bfseries}{\thesection}{1em}{}",
        BEGIN,
    )
    + r"""\twocolumn[{
\begin{center}
{\Large\sffamily\bfseries Causal Discovery under Latent Confounding with\\ Differentiable Score Matching\par}
\vskip 0.25in
{\large Lukas Schäfer\textsuperscript{1} \qquad Dong-hyun Shin\textsuperscript{2} \qquad Aoife O’Sullivan\textsuperscript{1,2}}\\[6pt]
{\small \textsuperscript{1}School of Informatics, University of Edinburgh, UK}\\
{\small \textsuperscript{2}Samsung AI Center, Cambridge, UK}
\end{center}
\vskip 0.3in
}]
"""
    + notice(
        "Proceedings of the Thirty-Ninth Conference on Uncertainty in Artificial Intelligence (UAI 2023), PMLR 216."
    )
    + r"""\section*{\sffamily Abstract}
Score matching on observational data can recover the causal order of variables in additive
noise models. We extend the approach to settings with latent confounders by modelling the
residual dependence with a low-rank correction, and we prove identifiability of the
ancestral graph. Experiments on synthetic and gene regulatory data show improved structural
accuracy over constraint-based methods.
""",
    meta(
        "Causal Discovery under Latent Confounding with Differentiable Score Matching",
        "Score matching on observational data can recover the causal order of "
        "variables in additive noise models. We extend the approach to settings with latent "
        "confounders by modelling the residual dependence with a low-rank correction, and we "
        "prove identifiability of the ancestral graph. Experiments on synthetic and gene "
        "regulatory data show improved structural accuracy over constraint-based methods.",
        authors=["Lukas Schäfer", "Dong-hyun Shin", "Aoife O’Sullivan"],
        venue="Proceedings of the Thirty-Ninth Conference on Uncertainty in Artificial Intelligence",
        year=2023,
    ),
)

# --------------------------------------------------------------------------- arXiv article
MAKETITLE = (BEGIN, r"\maketitle")

DOCS["arxiv_article"] = doc(
    r"""\documentclass[11pt]{article}
\usepackage[utf8]{inputenc}
\usepackage{url}
\usepackage{graphicx}
\usepackage{eso-pic}
\AddToShipoutPictureBG*{\AtPageLowerLeft{\put(30,250){\rotatebox{90}{\Large\textsf{arXiv:2403.01234v2 [cs.CV] 14 Mar 2024}}}}}
\title{Scaling Laws for Sparse Autoencoders\\ in Vision Transformers}
\author{Chloé Lefèvre\thanks{Corresponding author: \texttt{chloe.lefevre@ens.fr}} \\
École Normale Supérieure\\ Paris, France
\and Jae-won Yoon \\ Seoul National University \\ \texttt{jwyoon@snu.ac.kr}
\and Pieter De Smet \\ Ghent University \\ \texttt{pieter.desmet@ugent.be}}
\date{March 2024}
"""
    + "\n".join(MAKETITLE)
    + "\n"
    + abstract_env(
        r"""Sparse autoencoders decompose the activations of neural networks into interpretable
features. We measure how reconstruction error and feature quality scale with dictionary size
and training compute for vision transformers, and find power laws similar to those reported
for language models. Larger dictionaries split coarse features into finer ones rather than
discovering new concepts."""
    ),
    meta(
        "Scaling Laws for Sparse Autoencoders in Vision Transformers",
        "Sparse autoencoders decompose the activations of neural networks into "
        "interpretable features. We measure how reconstruction error and feature quality scale "
        "with dictionary size and training compute for vision transformers, and find power laws "
        "similar to those reported for language models. Larger dictionaries split coarse "
        "features into finer ones rather than discovering new concepts.",
        arxiv_id="2403.01234v2",
        authors=["Chloé Lefèvre", "Jae-won Yoon", "Pieter De Smet"],
        emails=["chloe.lefevre@ens.fr", "jwyoon@snu.ac.kr", "pieter.desmet@ugent.be"],
        year=2024,
    ),
)


# --------------------------------------------------------------------------- NeurIPS, numbered affiliations
DOCS["neurips23_numbered"] = doc(
    head("10pt", NEURIPS_GEOMETRY, URL, MICROTYPE, HYPERREF, r"\makeatletter", BEGIN)
    + neurips_box(
        r"GraphCast-Lite: Efficient Medium-Range Weather\\ Forecasting with Mesh Transformers\footnote{A short version appeared at a workshop.}",
        r"""Jean-Baptiste de la Fontaine\textsuperscript{1}\thanks{Equal contribution.} \quad Priya Raghunathan\textsuperscript{2}\footnotemark[2] \quad Wei Zhang\textsuperscript{1} \\
\bf Ludwig von Neumann\textsuperscript{3} \quad Ngozi Okonkwo-Adeyemi\textsuperscript{2,3} \quad J. R. Smith\textsuperscript{1}\\[4pt]
\textsuperscript{1}ETH Zürich \quad \textsuperscript{2}Microsoft Research India \quad \textsuperscript{3}Technical University of Munich \\
\texttt{jbdelafontaine@ethz.ch}, \texttt{priya.r@microsoft.com}""",
        "37th Conference on Neural Information Processing Systems (NeurIPS 2023).",
        r"""Machine-learned weather models now rival numerical prediction but remain expensive to train.
We present a mesh transformer that operates on an icosahedral grid with a tenth of the
parameters of previous models. It matches their ten-day forecast skill on 90 percent of the
evaluated variables while training on a single accelerator node for three days. Our code and
trained models are released at \url{https://github.com/example/graphcast-lite}.""",
    ),
    meta(
        "GraphCast-Lite: Efficient Medium-Range Weather Forecasting with Mesh Transformers",
        "Machine-learned weather models now rival numerical prediction but remain "
        "expensive to train. We present a mesh transformer that operates on an icosahedral grid "
        "with a tenth of the parameters of previous models. It matches their ten-day forecast "
        "skill on 90 percent of the evaluated variables while training on a single accelerator "
        "node for three days.",
        authors=[
            "Jean-Baptiste de la Fontaine",
            "Priya Raghunathan",
            "Wei Zhang",
            "Ludwig von Neumann",
            "Ngozi Okonkwo-Adeyemi",
            "J. R. Smith",
        ],
        emails=["jbdelafontaine@ethz.ch", "priya.r@microsoft.com"],
        code_url="https://github.com/example/graphcast-lite",
        venue="Proceedings of the 37th Conference on Neural Information Processing Systems",
        year=2023,
    ),
)


# --------------------------------------------------------------------------- arXiv with authblk
def authblk(authors: list[tuple[str, str]], affiliations: list[str]) -> list[str]:
    """``\\author[marks]{name}`` lines for ``(name, marks)``, then numbered ``\\affil`` lines."""
    return [f"\\author[{marks}]{{{name}}}" for name, marks in authors] + [
        f"\\affil[{k}]{{{affiliation}}}" for k, affiliation in enumerate(affiliations, 1)
    ]


DOCS["arxiv_authblk"] = doc(
    head(
        "11pt",
        ARXIV_GEOMETRY,
        r"\usepackage{authblk}",
        URL,
        r"\title{\textbf{Towards Robust Speech Recognition for Low-Resource Languages: A Benchmark and Baselines}}",
        *authblk(
            [
                ("Oluwaseun Adebayo", "1"),
                ("Sofía Hernández-López", "2"),
                ("Hyunjoon Kwon", "1,3"),
                ("Guillaume Le Bris", "2"),
            ],
            [
                "University of Lagos, Nigeria",
                "Universidad de Buenos Aires, Argentina",
                "Korea University, Seoul, Korea",
            ],
        ),
        r"\date{}",
        *MAKETITLE,
    )
    + abstract_env(
        r"""Speech recognition systems perform poorly on languages with little transcribed audio. We
release a benchmark of 42 low-resource languages with standardised splits and evaluate
self-supervised, multilingual and weakly supervised baselines. Multilingual pre-training
closes most of the gap for languages related to high-resource ones, but not for isolates."""
    )
    + "\\noindent\\textbf{Keywords:} speech recognition; low-resource languages; benchmark\n",
    meta(
        "Towards Robust Speech Recognition for Low-Resource Languages: A Benchmark and Baselines",
        "Speech recognition systems perform poorly on languages with little "
        "transcribed audio. We release a benchmark of 42 low-resource languages with "
        "standardised splits and evaluate self-supervised, multilingual and weakly supervised "
        "baselines. Multilingual pre-training closes most of the gap for languages related to "
        "high-resource ones, but not for isolates.",
        authors=[
            "Oluwaseun Adebayo",
            "Sofía Hernández-López",
            "Hyunjoon Kwon",
            "Guillaume Le Bris",
        ],
        keywords=["speech recognition", "low-resource languages", "benchmark"],
    ),
)

# --------------------------------------------------------------------------- ICLR, acronym title, 3 columns
DOCS["iclr23_acronym"] = doc(
    iclr(
        2023,
        r"DiffMAE: Masked Autoencoders are\\ Scalable Vision-Language Learners",
        r"""Xin Wang\textsuperscript{1}, Yuki Tanaka\textsuperscript{2}, Daniela Müller\textsuperscript{1} \& Kwame Mensah\textsuperscript{2} \\
\textsuperscript{1}Tsinghua University \quad \textsuperscript{2}The University of Tokyo \\
\texttt{wangxin@tsinghua.edu.cn}, \texttt{\{tanaka,mensah\}@u-tokyo.ac.jp}""",
        r"""Masked autoencoders learn strong visual features by reconstructing missing patches.
We extend them to image-text pairs with a diffusion decoder that reconstructs both modalities.
The resulting model scales better than contrastive pre-training on zero-shot classification
and retrieval, and it can be fine-tuned for captioning without architectural changes.""",
    ),
    meta(
        "DiffMAE: Masked Autoencoders are Scalable Vision-Language Learners",
        "Masked autoencoders learn strong visual features by reconstructing missing "
        "patches. We extend them to image-text pairs with a diffusion decoder that reconstructs "
        "both modalities. The resulting model scales better than contrastive pre-training on "
        "zero-shot classification and retrieval, and it can be fine-tuned for captioning "
        "without architectural changes.",
        authors=["Xin Wang", "Yuki Tanaka", "Daniela Müller", "Kwame Mensah"],
        emails=["wangxin@tsinghua.edu.cn", "tanaka@u-tokyo.ac.jp", "mensah@u-tokyo.ac.jp"],
        venue="ICLR 2023",
        year=2023,
    ),
    sc_headings=True,
)

# --------------------------------------------------------------------------- ICML-like review copy, two columns, line numbers
DOCS["icml_review"] = doc(
    head(
        "10pt,twocolumn",
        r"\usepackage[letterpaper,textwidth=6.75in,textheight=9in,top=1in,columnsep=0.25in]{geometry}",
        r"\usepackage[switch,columnwise]{lineno}",
        URL,
        BEGIN,
        r"\linenumbers",
    )
    + r"""\twocolumn[{
\vskip 0.2in
\hrule height 1pt\vskip 0.15in
\begin{center}{\Large\bf Certified Robustness of Quantized Neural Networks\\ via Interval Bound Propagation\par}\end{center}
\vskip 0.1in\hrule height 1pt
\vskip 0.2in
\begin{center}{\bf Anonymous Authors}\textsuperscript{1}\end{center}
\vskip 0.3in
}]
"""
    + notice(
        r"""\textsuperscript{1}Anonymous Institution, Anonymous City, Anonymous Region, Anonymous Country. Correspondence to: Anonymous Author \texttt{<anon.email@domain.com>}.\\[2pt]
Preliminary work. Under review by the International Conference on Machine Learning (ICML). Do not distribute."""
    )
    + r"""\begin{center}{\large\bf Abstract}\end{center}
Quantized networks are deployed on devices where adversarial robustness matters, yet
certification methods assume floating-point arithmetic. We adapt interval bound propagation
to integer arithmetic and prove that the resulting bounds are sound for any rounding mode.
Training with the certified loss yields 8-bit networks whose verified accuracy matches their
full-precision counterparts.
""",
    meta(
        "Certified Robustness of Quantized Neural Networks via Interval Bound Propagation",
        "Quantized networks are deployed on devices where adversarial robustness "
        "matters, yet certification methods assume floating-point arithmetic. We adapt interval "
        "bound propagation to integer arithmetic and prove that the resulting bounds are sound "
        "for any rounding mode. Training with the certified loss yields 8-bit networks whose "
        "verified accuracy matches their full-precision counterparts.",
        venue="International Conference on Machine Learning",
    ),
)

# --------------------------------------------------------------------------- CoRL camera-ready, tabular authors
DOCS["corl24_tabular"] = doc(
    head("10pt", NEURIPS_GEOMETRY, URL, MICROTYPE, HYPERREF, r"\makeatletter", AND, BEGIN)
    + corl(
        r"Language-Conditioned Navigation with\\ Open-Vocabulary 3D Scene Graphs",
        r"""\begin{tabular}[t]{c}\bf\rule{\z@}{24\p@}
Mateo Rossi \\ Politecnico di Milano \\ \texttt{mateo.rossi@polimi.it}
\And
Eun-ji Baek \\ KAIST \\ \texttt{ejbaek@kaist.ac.kr}
\And
Lars Øvergaard \\ NTNU \\ \texttt{lars.overgaard@ntnu.no}
\end{tabular}""",
        "8th Conference on Robot Learning (CoRL 2024), Munich, Germany.",
        r"""Robots that follow natural-language instructions must ground open-ended
object descriptions in the geometry of unseen buildings. We build open-vocabulary 3D scene
graphs online and plan over them with a language model that proposes sub-goals. In real-world
trials across three buildings our system completes 78 percent of instructions, twice the rate
of a map-free baseline.""",
        "Navigation, Scene Graphs, Language Models",
        camera=True,
    ),
    meta(
        "Language-Conditioned Navigation with Open-Vocabulary 3D Scene Graphs",
        "Robots that follow natural-language instructions must ground open-ended "
        "object descriptions in the geometry of unseen buildings. We build open-vocabulary 3D "
        "scene graphs online and plan over them with a language model that proposes sub-goals. "
        "In real-world trials across three buildings our system completes 78 percent of "
        "instructions, twice the rate of a map-free baseline.",
        authors=["Mateo Rossi", "Eun-ji Baek", "Lars Øvergaard"],
        emails=["mateo.rossi@polimi.it", "ejbaek@kaist.ac.kr", "lars.overgaard@ntnu.no"],
        venue="Proceedings of the 8th Conference on Robot Learning",
        year=2024,
        keywords=["Navigation", "Scene Graphs", "Language Models"],
    ),
)


# --------------------------------------------------------------------------- NeurIPS, math in a 3-line title, 5 authors
DOCS["neurips22_math"] = doc(
    head(
        "10pt",
        r"\usepackage{amsmath}",
        NEURIPS_GEOMETRY,
        URL,
        r"\makeatletter",
        FNSYMBOL,
        AND,
        AND_ROW,
        BEGIN,
    )
    + neurips_box(
        r"$\varepsilon$-Optimal Policies for Mean-Field Games with Common Noise and Partial Observations in $O(\sqrt{T})$ Episodes of Interaction with the Environment",
        r"""Sham M. Kakade\thanks{Corresponding author.} \\ Harvard University \\ \texttt{sham@seas.harvard.edu}
\And
Chen-Yu Wei \\ MIT \\ \texttt{chenyuw@mit.edu}
\And
Ioana Popescu \\ INSEAD \\ \texttt{ioana.popescu@insead.edu}
\AND
Mohammed Al-Farsi \\ KAUST \\ \texttt{mohammed.alfarsi@kaust.edu.sa}
\And
Do Thi Minh Chau \\ VinAI Research \\ \texttt{v.chaudtm@vinai.io}""",
        "36th Conference on Neural Information Processing Systems (NeurIPS 2022).",
        r"""Mean-field games approximate the interaction of many agents by the interaction of one agent
with a population distribution. We study learning in such games when the population is subject
to common noise and the agent observes only a noisy statistic of it. We give an algorithm that
finds an approximate equilibrium after a number of episodes that grows with the square root of
the horizon, and we show this rate is optimal.""",
    ),
    meta(
        "ε-Optimal Policies for Mean-Field Games with Common Noise and Partial Observations in O(√T) Episodes of Interaction with the Environment",
        "Mean-field games approximate the interaction of many agents by the "
        "interaction of one agent with a population distribution. We study learning in such "
        "games when the population is subject to common noise and the agent observes only a "
        "noisy statistic of it. We give an algorithm that finds an approximate equilibrium after "
        "a number of episodes that grows with the square root of the horizon, and we show this "
        "rate is optimal.",
        authors=[
            "Sham M. Kakade",
            "Chen-Yu Wei",
            "Ioana Popescu",
            "Mohammed Al-Farsi",
            "Do Thi Minh Chau",
        ],
        emails=[
            "sham@seas.harvard.edu",
            "chenyuw@mit.edu",
            "ioana.popescu@insead.edu",
            "mohammed.alfarsi@kaust.edu.sa",
            "v.chaudtm@vinai.io",
        ],
        venue="Proceedings of the 36th Conference on Neural Information Processing Systems",
        year=2022,
    ),
)

# --------------------------------------------------------------------------- arXiv, affiliations in \thanks footnotes
DOCS["arxiv_thanks"] = doc(
    head(
        "11pt",
        ARXIV_GEOMETRY,
        URL,
        r"\title{A Note on the Sample Complexity of Learning Linear Quadratic Regulators}",
        r"\author{Ana Beatriz dos Santos\thanks{Instituto de Matemática Pura e Aplicada, Rio de Janeiro, Brazil. Email: \texttt{ana.santos@impa.br}} \and Kristóf Szabó\thanks{Budapest University of Technology and Economics, Hungary. Email: \texttt{szabo.kristof@bme.hu}} \and Hee-jin Song\thanks{Yonsei University, Seoul, Korea. Email: \texttt{hjsong@yonsei.ac.kr}}}",
        r"\date{October 12, 2023}",
        *MAKETITLE,
    )
    + abstract_env(
        r"""We revisit the sample complexity of learning a linear quadratic regulator from a single
trajectory. A short argument based on self-normalised martingale bounds yields a rate that
improves previous results by a factor of the state dimension. We complement it with a lower
bound that matches up to logarithmic factors."""
    ),
    meta(
        "A Note on the Sample Complexity of Learning Linear Quadratic Regulators",
        "We revisit the sample complexity of learning a linear quadratic regulator "
        "from a single trajectory. A short argument based on self-normalised martingale bounds "
        "yields a rate that improves previous results by a factor of the state dimension. We "
        "complement it with a lower bound that matches up to logarithmic factors.",
        authors=["Ana Beatriz dos Santos", "Kristóf Szabó", "Hee-jin Song"],
        emails=["ana.santos@impa.br", "szabo.kristof@bme.hu", "hjsong@yonsei.ac.kr"],
        year=2023,
    ),
)

# --------------------------------------------------------------------------- ICLR small caps title with math and digits
DOCS["iclr24_mathtitle"] = doc(
    iclr(
        2024,
        r"Beyond $k$-Nearest Neighbours: 3D Point Cloud\\ Completion with GPT-4 Priors",
        r"""Olga Ivanova \& Pedro Álvarez-García \\
Universitat Politècnica de Catalunya \\
\texttt{\{olga.ivanova,pedro.alvarez\}@upc.edu}""",
        r"""Point cloud completion methods aggregate features from nearest neighbours, which
limits their receptive field. We replace the neighbourhood aggregation with a prior distilled
from a large language model that describes object parts. The approach improves completion of
thin structures and generalises to categories unseen during training.""",
    ),
    meta(
        "Beyond k-Nearest Neighbours: 3D Point Cloud Completion with GPT-4 Priors",
        "Point cloud completion methods aggregate features from nearest neighbours, "
        "which limits their receptive field. We replace the neighbourhood aggregation with a "
        "prior distilled from a large language model that describes object parts. The approach "
        "improves completion of thin structures and generalises to categories unseen during "
        "training.",
        authors=["Olga Ivanova", "Pedro Álvarez-García"],
        emails=["olga.ivanova@upc.edu", "pedro.alvarez@upc.edu"],
        venue="ICLR 2024",
        year=2024,
    ),
    sc_headings=True,
)


# --------------------------------------------------------------------------- arXiv, long authblk list that wraps
DOCS["arxiv_longlist"] = doc(
    head(
        "11pt",
        ARXIV_GEOMETRY,
        r"\usepackage{authblk}",
        URL,
        r"\renewcommand\Authands{, and }",
        r"\title{Open Foundation Models for Materials Discovery}",
        *authblk(
            [
                ("Maria del Carmen Rodríguez de la Fuente", "1"),
                ("Charles L. Isbell Jr.", "2"),
                ("Mausam", "3"),
                ("Thanh-Huyen Nguyen", "1"),
                ("Aleksandr Petrovich Sokolov", "2"),
                ("Yoshua Bengio", "4"),
                ("Kyung-Ah Sohn", "3"),
                ("Élodie Beaulieu-Tremblay", "4"),
                ("Rafael Gómez-Bombarelli", "1"),
            ],
            [
                "Massachusetts Institute of Technology",
                "Georgia Institute of Technology",
                "Indian Institute of Technology Delhi",
                "Mila -- Quebec AI Institute",
            ],
        ),
        r"\date{}",
        *MAKETITLE,
    )
    + abstract_env(
        r"""Foundation models trained on crystal structures promise to accelerate materials discovery, but
existing models are closed or trained on narrow data. We release a family of open models
trained on four million structures from public databases and show that they transfer to
property prediction, structure generation and interatomic potentials with little task-specific
data. Model weights and training code are available at \url{https://github.com/example/ofm}."""
    ),
    meta(
        "Open Foundation Models for Materials Discovery",
        "Foundation models trained on crystal structures promise to accelerate "
        "materials discovery, but existing models are closed or trained on narrow data. We "
        "release a family of open models trained on four million structures from public "
        "databases and show that they transfer to property prediction, structure generation and "
        "interatomic potentials with little task-specific data.",
        authors=[
            "Maria del Carmen Rodríguez de la Fuente",
            "Charles L. Isbell Jr.",
            "Mausam",
            "Thanh-Huyen Nguyen",
            "Aleksandr Petrovich Sokolov",
            "Yoshua Bengio",
            "Kyung-Ah Sohn",
            "Élodie Beaulieu-Tremblay",
            "Rafael Gómez-Bombarelli",
        ],
        code_url="https://github.com/example/ofm",
    ),
)

# --------------------------------------------------------------------------- CoRL with a teaser figure after keywords
DOCS["corl23_teaser"] = doc(
    CORL23_HEAD
    + corl(
        r"Sim-to-Real Transfer of Dexterous Grasping\\ via Domain-Randomised Tactile Simulation",
        r"""{\bf Tobias Schröder\textsuperscript{1} \quad Hye-rin Lim\textsuperscript{2} \quad Giulia D'Angelo\textsuperscript{1}}\\[2pt]
\textsuperscript{1}Bosch Center for Artificial Intelligence \quad \textsuperscript{2}Seoul National University""",
        CORL23_NOTICE,
        r"""Tactile sensing helps robot hands grasp unknown objects, but tactile
simulators are slow and inaccurate. We randomise the parameters of a fast penetration-based
tactile model during training and show that policies transfer to a real four-finger hand
without fine-tuning, grasping 45 unseen household objects with an 87 percent success rate.""",
        "Dexterous Manipulation, Tactile Sensing, Sim-to-Real",
    )
    + r"""\begin{figure}[h]
\centering
\fbox{\parbox{0.8\linewidth}{\centering\small Simulation \hfill Real robot\\[30pt] Success rate 0.87 \hfill 45 objects}}
\caption{Overview. Policies trained in randomised tactile simulation transfer to a real hand.}
\end{figure}
""",
    meta(
        "Sim-to-Real Transfer of Dexterous Grasping via Domain-Randomised Tactile Simulation",
        "Tactile sensing helps robot hands grasp unknown objects, but tactile "
        "simulators are slow and inaccurate. We randomise the parameters of a fast "
        "penetration-based tactile model during training and show that policies transfer to a "
        "real four-finger hand without fine-tuning, grasping 45 unseen household objects with an "
        "87 percent success rate.",
        authors=["Tobias Schröder", "Hye-rin Lim", "Giulia D’Angelo"],
        venue="Proceedings of the 7th Conference on Robot Learning",
        year=2023,
        keywords=["Dexterous Manipulation", "Tactile Sensing", "Sim-to-Real"],
    ),
)


# --------------------------------------------------------------------------- arxiv.sty ("A PREPRINT") look-alike
DOCS["arxiv_preprint_sty"] = doc(
    head(
        "10pt",
        r"\usepackage[letterpaper,textwidth=6.5in,textheight=9in,top=1in]{geometry}",
        URL,
        r"\usepackage{fancyhdr}",
        r"\pagestyle{fancy}\fancyhf{}\renewcommand{\headrulewidth}{0pt}",
        r"\fancyhead[C]{\scshape A preprint -- \MakeUppercase{May 7, 2024}}",
        r"\fancyfoot[C]{\thepage}",
        r"\makeatletter",
        AND,
        BEGIN,
        r"\thispagestyle{fancy}",
    )
    + r"""\vbox{\hsize\textwidth\linewidth\hsize\vskip 0.1in
\centering{\LARGE\bf Retrieval-Augmented Generation for\\ Clinical Question Answering\par}
\vskip 0.3in
\begin{tabular}[t]{c}\bf\rule{\z@}{24\p@}
Fatima Zahra El Amrani \\ Department of Biomedical Informatics \\ Harvard Medical School \\ Boston, MA \\ \texttt{fatima\_elamrani@hms.harvard.edu}
\And
Kieran O’Connor-Walsh \\ School of Computing \\ Dublin City University \\ Dublin, Ireland \\ \texttt{kieran.oconnorwalsh@dcu.ie}
\end{tabular}
\vskip 0.2in
{\large May 7, 2024}
\vskip 0.3in}
"""
    + quoted_abstract(
        r"""Large language models answer clinical questions fluently but cite outdated or fabricated
evidence. We retrieve passages from current guidelines and trial reports and condition the
model on them, and we evaluate answers with a panel of physicians. Retrieval reduces
unsupported claims by two thirds and improves agreement with guidelines without harming
readability."""
    )
    + r"""\noindent\textbf{\textit{Keywords}} \ Retrieval \textperiodcentered\ Clinical NLP \textperiodcentered\ Question Answering
""",
    meta(
        "Retrieval-Augmented Generation for Clinical Question Answering",
        "Large language models answer clinical questions fluently but cite outdated "
        "or fabricated evidence. We retrieve passages from current guidelines and trial reports "
        "and condition the model on them, and we evaluate answers with a panel of physicians. "
        "Retrieval reduces unsupported claims by two thirds and improves agreement with "
        "guidelines without harming readability.",
        authors=["Fatima Zahra El Amrani", "Kieran O’Connor-Walsh"],
        emails=["fatima_elamrani@hms.harvard.edu", "kieran.oconnorwalsh@dcu.ie"],
        year=2024,
        keywords=["Retrieval", "Clinical NLP", "Question Answering"],
    ),
)


# --------------------------------------------------------------------------- NeurIPS workshop, 8 authors in three rows
DOCS["neurips23_workshop"] = doc(
    head("10pt", NEURIPS_GEOMETRY, URL, r"\makeatletter", AND, AND_ROW, BEGIN)
    + neurips_box(
        "Benchmarking Tool-Using Agents on Scientific Workflows",
        r"""Amara Okafor \\ Stanford University \\ \texttt{amara@stanford.edu}
\And
Benedikt Hofstätter \\ TU Wien \\ \texttt{b.hofstaetter@tuwien.ac.at}
\And
Chiara Lombardi \\ Sapienza University of Rome \\ \texttt{lombardi@di.uniroma1.it}
\AND
Dae-sung Hwang \\ LG AI Research \\ \texttt{ds.hwang@lgresearch.ai}
\And
Emre Yıldız \\ Boğaziçi University \\ \texttt{emre.yildiz@boun.edu.tr}
\And
Freya Lindqvist \\ KTH Royal Institute of Technology \\ \texttt{freyal@kth.se}
\AND
Gabriel Moreau \\ Sorbonne Université \\ \texttt{gabriel.moreau@sorbonne-universite.fr}
\And
Hana Nováková \\ Charles University \\ \texttt{novakova@mff.cuni.cz}""",
        "Workshop on Foundation Models for Decision Making at NeurIPS 2023.",
        r"""Language-model agents increasingly call external tools, yet their evaluation focuses on web
and coding tasks. We introduce a benchmark of sixty scientific workflows that require chaining
simulation, data analysis and literature search tools. The best agent completes fewer than a
third of the workflows, and most failures stem from misreading tool outputs.""",
    ),
    meta(
        "Benchmarking Tool-Using Agents on Scientific Workflows",
        "Language-model agents increasingly call external tools, yet their "
        "evaluation focuses on web and coding tasks. We introduce a benchmark of sixty "
        "scientific workflows that require chaining simulation, data analysis and literature "
        "search tools. The best agent completes fewer than a third of the workflows, and most "
        "failures stem from misreading tool outputs.",
        authors=[
            "Amara Okafor",
            "Benedikt Hofstätter",
            "Chiara Lombardi",
            "Dae-sung Hwang",
            "Emre Yıldız",
            "Freya Lindqvist",
            "Gabriel Moreau",
            "Hana Nováková",
        ],
        emails=[
            "amara@stanford.edu",
            "b.hofstaetter@tuwien.ac.at",
            "lombardi@di.uniroma1.it",
            "ds.hwang@lgresearch.ai",
            "emre.yildiz@boun.edu.tr",
            "freyal@kth.se",
            "gabriel.moreau@sorbonne-universite.fr",
            "novakova@mff.cuni.cz",
        ],
        venue="Workshop on Foundation Models for Decision Making at NeurIPS 2023",
        year=2023,
    ),
)

# --------------------------------------------------------------------------- COLT, two authors sharing an address
DOCS["colt24_shared"] = doc(
    fill(
        COLT_FRONT,
        runninghead="Optimal Transport Bandits",
        pmlr="247:1--28, 2024",
        edition="37th",
        title="Optimal Transport Bandits",
        authors=colt_authors(
            [
                (
                    [
                        ("Ruben van Handel", "rvanhandel@princeton.edu"),
                        ("Min-Seo Kang", "mskang@princeton.edu"),
                    ],
                    "Princeton University, Princeton, NJ, USA",
                ),
                (
                    [("Ludovic Dubois-Lefort", "ludovic.dubois@ens-lyon.fr")],
                    "École Normale Supérieure de Lyon, France",
                ),
            ]
        ),
        editors="Shipra Agrawal and Aaron Roth",
        abstract=r"""We introduce a bandit problem in which the learner chooses transport plans between two
distributions and observes the cost of the sampled pairs. We give an algorithm whose regret
scales with the entropy of the optimal plan rather than with the number of pairs, and we show
that this dependence cannot be improved.""",
        keywords="bandits, optimal transport, regret bounds",
        copyright=r"2024 R. van Handel, M.-S. Kang \& L. Dubois-Lefort",
    ),
    meta(
        "Optimal Transport Bandits",
        "We introduce a bandit problem in which the learner chooses transport plans "
        "between two distributions and observes the cost of the sampled pairs. We give an "
        "algorithm whose regret scales with the entropy of the optimal plan rather than with the "
        "number of pairs, and we show that this dependence cannot be improved.",
        authors=["Ruben van Handel", "Min-Seo Kang", "Ludovic Dubois-Lefort"],
        emails=[
            "rvanhandel@princeton.edu",
            "mskang@princeton.edu",
            "ludovic.dubois@ens-lyon.fr",
        ],
        venue="Proceedings of the 37th Annual Conference on Learning Theory",
        year=2024,
        keywords=["bandits", "optimal transport", "regret bounds"],
    ),
)


# --------------------------------------------------------------------------- arXiv, teaser figure between byline and abstract
DOCS["arxiv_teaser"] = doc(
    head(
        "11pt",
        ARXIV_GEOMETRY,
        r"\title{Neural Radiance Fields for Dynamic Urban Scenes}",
        r"\author{Lina Haddad \\ University of Toronto \\ \texttt{lina@cs.toronto.edu} \and Mark Evans \\ Waymo \\ \texttt{mevans@waymo.com}}",
        r"\date{}",
        *MAKETITLE,
    )
    + r"""\begin{figure}[h]
\centering
\begin{tabular}{ccc}
\fbox{\rule{0pt}{40pt}\rule{80pt}{0pt}} & \fbox{\rule{0pt}{40pt}\rule{80pt}{0pt}} & \fbox{\rule{0pt}{40pt}\rule{80pt}{0pt}}\\
Input Frames & Ground Truth & Our Method
\end{tabular}
\caption{Novel views of a busy intersection rendered by our method.}
\end{figure}
"""
    + abstract_env(
        r"""Radiance fields reconstruct static scenes with high fidelity but struggle with moving
vehicles and pedestrians. We decompose urban scenes into a static background and a set of
rigid and deformable actors, each with its own field, and we train them jointly from
driving logs."""
    ),
    meta(
        "Neural Radiance Fields for Dynamic Urban Scenes",
        "Radiance fields reconstruct static scenes with high fidelity but struggle "
        "with moving vehicles and pedestrians. We decompose urban scenes into a static "
        "background and a set of rigid and deformable actors, each with its own field, and we "
        "train them jointly from driving logs.",
        authors=["Lina Haddad", "Mark Evans"],
        emails=["lina@cs.toronto.edu", "mevans@waymo.com"],
    ),
)


# --------------------------------------------------------------------------- COLT with jmlr.cls's title block
# The first page as jmlr.cls (pmlr option) sets it: ``\Name``/``\Email``/``\addr`` blocks
# separated by ``\AND``, an "Editors:" line, a centred ``\large`` "Abstract" over a ``\small``
# abstract indented 20pt on both sides, then a ``\small`` "Keywords:" paragraph.
JMLR_FRONT = pmlr_front(
    "%PT%",
    "9in",
    r"""\newcommand{\Name}[1]{\noindent{\normalsize\bfseries #1}}
\newcommand{\Email}[1]{\hfill{\small\mdseries\scshape #1}}
\newcommand{\addr}{\mdseries\small\itshape}
\renewenvironment{abstract}{{\centering\large\bfseries Abstract\par}\vspace{0.7ex}\bgroup\leftskip 20pt\rightskip 20pt\small\noindent\ignorespaces}{\par\egroup\vskip 0.25ex}
\newenvironment{keywords}{\bgroup\leftskip 20pt\rightskip 20pt\small\noindent{\bfseries Keywords:} \ignorespaces}{\par\egroup\vskip 0.25ex}
\begin{document}
\thispagestyle{first}
\begin{center}\Large\bfseries %TITLE%\par\end{center}
\vskip 0.1in
%AUTHORS%
\vskip 0.3in
\noindent{\bfseries Editors:} %EDITORS%
\vskip 0.3in
\begin{abstract}
%ABSTRACT%
\end{abstract}
\begin{keywords}
%KEYWORDS%
\end{keywords}
{\let\thefootnote\relax\footnotetext{\scriptsize\copyright\ %COPYRIGHT%.}}
""",
)


def jmlr_authors(blocks: list[tuple[list[tuple[str, str | None]], list[str]]]) -> str:
    """``\\coltauthor`` blocks: each block's names (with their e-mail, if any) on their own
    lines, then its address lines (none for an author without an affiliation)."""
    out = []
    for people, address in blocks:
        lines = [
            f"\\Name{{{name}}}" + (f" \\Email{{{email}}}" if email else "")
            for name, email in people
        ]
        lines += [f"\\addr {line}" for line in address]
        out.append("{" + "\\\\\n".join(lines) + "\\par}")
    return "\n\\vskip 0.08in\n".join(out)


# One sentence: a line and a few words, so that the body text outnumbers it below.
JMLR_SHORT_ABSTRACT = (
    "We prove that online convex optimization with delayed feedback admits a regret bound "
    "that is tight."
)

DOCS["colt25_short"] = doc(
    fill(
        JMLR_FRONT,
        pt="12pt",
        runninghead="Tight Regret under Delayed Feedback",
        pmlr="291:1--24, 2025",
        edition="38th",
        title="Tight Regret for Online Convex Optimization under Delayed Feedback",
        authors=jmlr_authors(
            [
                (
                    [("Jakob Lindqvist", "jakob.lindqvist@kth.se")],
                    ["KTH Royal Institute of Technology, Stockholm, Sweden"],
                ),
                ([("Amara Okonkwo", "aokonkwo@ucl.ac.uk")], ["University College London, UK"]),
                ([("Tiago Moreira", "tiago.moreira@gmail.com")], []),
            ]
        ),
        editors="Nika Haghtalab and Ankur Moitra",
        abstract=JMLR_SHORT_ABSTRACT,
        keywords="online convex optimization, delayed feedback, regret",
        copyright=r"2025 J. Lindqvist, A. Okonkwo \& T. Moreira",
    ),
    meta(
        "Tight Regret for Online Convex Optimization under Delayed Feedback",
        JMLR_SHORT_ABSTRACT,
        authors=["Jakob Lindqvist", "Amara Okonkwo", "Tiago Moreira"],
        emails=["jakob.lindqvist@kth.se", "aokonkwo@ucl.ac.uk", "tiago.moreira@gmail.com"],
        venue="Proceedings of the 38th Annual Conference on Learning Theory",
        year=2025,
        keywords=["online convex optimization", "delayed feedback", "regret"],
    ),
)

# Ten authors with three-line addresses: the byline fills page 1 and the abstract (or the
# last authors) go on to page 2.
COLT_MANY = [
    ("Élodie Marchand", "elodie.marchand@inria.fr", "Inria, Université PSL, Paris, France"),
    (
        "Kwabena Asante",
        "kasante@mit.edu",
        "Massachusetts Institute of Technology, Cambridge, MA, USA",
    ),
    ("Hye-jin Seo", "hjseo@snu.ac.kr", "Seoul National University, Seoul, Korea"),
    ("Matteo Bianchi", "matteo.bianchi@unibocconi.it", "Bocconi University, Milan, Italy"),
    ("Priya Venkataraman", "priyav@iisc.ac.in", "Indian Institute of Science, Bangalore, India"),
    (
        "Jonas Weber",
        "jonas.weber@tuebingen.mpg.de",
        "Max Planck Institute for Intelligent Systems, Tübingen, Germany",
    ),
    ("Sofía Castillo", "scastillo@uchile.cl", "Universidad de Chile, Santiago, Chile"),
    (
        "Oleksandr Kovalenko",
        "o.kovalenko@ist.ac.at",
        "Institute of Science and Technology Austria, Klosterneuburg",
    ),
    (
        "Mei Takahashi",
        "mei.takahashi@riken.jp",
        "RIKEN Center for Advanced Intelligence Project, Tokyo, Japan",
    ),
    ("Daniel Ferreira", "dferreira@cs.toronto.edu", "University of Toronto, Canada"),
]
COLT_MANY_ABSTRACT = (
    "We study the sample complexity of learning halfspaces under Massart noise when the "
    "marginal distribution is only assumed to be log-concave. We give an efficient algorithm "
    "whose error matches the information-theoretic optimum up to constant factors, and we "
    "show that no statistical query algorithm can do better with polynomially many queries. "
    "Our analysis relies on a new localization argument that controls the disagreement region "
    "of the current hypothesis. Along the way we obtain improved bounds for the closely "
    "related problem of learning with a small fraction of adversarial label flips, and we "
    "show how the same technique applies to general linear threshold functions."
)


def colt_many(
    title: str,
    people: list[tuple[str, str, str]],
    address: list[str],
    pmlr: str,
    edition: str,
    year: int,
) -> tuple[str, dict[str, object]]:
    return doc(
        fill(
            JMLR_FRONT,
            pt="12pt",
            runninghead="Learning Halfspaces under Massart Noise",
            pmlr=pmlr,
            edition=edition,
            title=title,
            authors=jmlr_authors([([(n, e)], [*address, a]) for n, e, a in people]),
            editors="Shipra Agrawal and Aaron Roth",
            abstract=COLT_MANY_ABSTRACT,
            keywords="halfspaces, Massart noise, log-concave distributions, statistical queries",
            copyright=f"{year} the authors",
        ),
        meta(
            title,
            COLT_MANY_ABSTRACT,
            authors=[n for n, _, _ in people],
            emails=[e for _, e, _ in people],
            venue=f"Proceedings of the {edition} Annual Conference on Learning Theory",
            year=year,
            keywords=[
                "halfspaces",
                "Massart noise",
                "log-concave distributions",
                "statistical queries",
            ],
        ),
    )


# The abstract starts at the foot of page 1 and ends on page 2.
DOCS["colt24_longlist"] = colt_many(
    "Learning Halfspaces with Massart Noise under Log-Concave Marginals",
    COLT_MANY,
    ["Department of Computer Science"],
    "247:1--35, 2024",
    "37th",
    2024,
)
# The byline itself runs over: the last authors and the abstract are on page 2.
DOCS["colt23_overflow"] = colt_many(
    "Agnostic Learning of Halfspaces beyond Gaussian Marginals",
    COLT_MANY[::-1],
    ["Department of Computer Science", "Theory of Computing Group"],
    "195:1--40, 2023",
    "36th",
    2023,
)
# The byline ends the page with the "Abstract" heading alone over the footnote; the abstract
# is on page 2.
COLT_FOOT_EDITORS = (
    "Shipra Agrawal, Aaron Roth, Gergely Neu, Lorenzo Rosasco, Nika Haghtalab, Ankur Moitra "
    "and Claire Vernade"
)
COLT_FOOT_TITLE = "Learning Halfspaces with Massart Noise under Heavy-Tailed Marginals"
COLT_FOOT_PEOPLE = COLT_MANY[:9]
COLT_FOOT_ADDRESSES = [
    ["Department of Computer Science", *(["Theory Group"] if i < 6 else []), a]
    for i, (_, _, a) in enumerate(COLT_FOOT_PEOPLE)
]
DOCS["colt24_heading_at_foot"] = doc(
    fill(
        JMLR_FRONT,
        pt="12pt",
        runninghead="Massart Noise under Heavy Tails",
        pmlr="247:1--30, 2024",
        edition="37th",
        title=COLT_FOOT_TITLE,
        authors=jmlr_authors(
            [
                ([(n, e)], address)
                for (n, e, _), address in zip(COLT_FOOT_PEOPLE, COLT_FOOT_ADDRESSES, strict=True)
            ]
        ),
        editors=COLT_FOOT_EDITORS,
        abstract=COLT_MANY_ABSTRACT,
        keywords="halfspaces, Massart noise, heavy tails",
        copyright="2024 the authors",
    ),
    meta(
        COLT_FOOT_TITLE,
        COLT_MANY_ABSTRACT,
        authors=[n for n, _, _ in COLT_FOOT_PEOPLE],
        emails=[e for _, e, _ in COLT_FOOT_PEOPLE],
        venue="Proceedings of the 37th Annual Conference on Learning Theory",
        year=2024,
        keywords=["halfspaces", "Massart noise", "heavy tails"],
    ),
)

# Expected affiliations, per author, where the page states them unambiguously.
NEURIPS24_AFFILIATIONS = [
    ["Department of Computer Science, KAIST, Daejeon, South Korea"],
    ["Informatics Institute, University of Amsterdam"],
    ["Max Planck Institute for Intelligent Systems, Tübingen, Germany"],
    ["Google DeepMind, London, UK"],
]
AFFILIATIONS: dict[str, list[list[str]]] = {
    "neurips24_thanks": NEURIPS24_AFFILIATIONS,
    "arxiv_teaser": [["University of Toronto"], ["Waymo"]],
    "neurips23_workshop": [
        ["Stanford University"],
        ["TU Wien"],
        ["Sapienza University of Rome"],
        ["LG AI Research"],
        ["Boğaziçi University"],
        ["KTH Royal Institute of Technology"],
        ["Sorbonne Université"],
        ["Charles University"],
    ],
    "colt24_shared": [
        ["Princeton University, Princeton, NJ, USA"],
        ["Princeton University, Princeton, NJ, USA"],
        ["École Normale Supérieure de Lyon, France"],
    ],
    "neurips24_final": NEURIPS24_AFFILIATIONS,
    "neurips24_preprint": [
        ["Robotics Institute, Carnegie Mellon University"],
        ["Robotics Institute, Carnegie Mellon University"],
        ["Robotics Institute, Carnegie Mellon University"],
        ["Seoul National University"],
    ],
    "iclr24_final": [
        ["Department of Statistics, University of Oxford"],
        ["Department of Statistics, University of Oxford"],
        ["Department of Statistics, University of Oxford"],
        ["NAVER AI Lab"],
    ],
    "iclr23_acronym": [
        ["Tsinghua University"],
        ["The University of Tokyo"],
        ["Tsinghua University"],
        ["The University of Tokyo"],
    ],
    "iclr24_mathtitle": [
        ["Universitat Politècnica de Catalunya"],
        ["Universitat Politècnica de Catalunya"],
    ],
    "corl23": [
        ["Robotics Institute, Carnegie Mellon University"],
        ["Delft University of Technology"],
        ["Robotics Institute, Carnegie Mellon University"],
    ],
    "corl23_teaser": [
        ["Bosch Center for Artificial Intelligence"],
        ["Seoul National University"],
        ["Bosch Center for Artificial Intelligence"],
    ],
    "corl24_tabular": [["Politecnico di Milano"], ["KAIST"], ["NTNU"]],
    "colt25_short": [
        ["KTH Royal Institute of Technology, Stockholm, Sweden"],
        ["University College London, UK"],
        [],
    ],
    "colt24_longlist": [[f"Department of Computer Science, {a}"] for _, _, a in COLT_MANY],
    "colt23_overflow": [
        [f"Department of Computer Science, Theory of Computing Group, {a}"]
        for _, _, a in COLT_MANY[::-1]
    ],
    "colt24_heading_at_foot": [[", ".join(a)] for a in COLT_FOOT_ADDRESSES],
    "colt23": [
        ["INRIA, Université Paris-Saclay, France"],
        ["EPFL, Lausanne, Switzerland"],
        ["POSTECH, Pohang, Korea"],
    ],
    "uai23": [
        ["School of Informatics, University of Edinburgh, UK"],
        ["Samsung AI Center, Cambridge, UK"],
        ["School of Informatics, University of Edinburgh, UK", "Samsung AI Center, Cambridge, UK"],
    ],
    "arxiv_authblk": [
        ["University of Lagos, Nigeria"],
        ["Universidad de Buenos Aires, Argentina"],
        ["University of Lagos, Nigeria", "Korea University, Seoul, Korea"],
        ["Universidad de Buenos Aires, Argentina"],
    ],
    "arxiv_longlist": [
        ["Massachusetts Institute of Technology"],
        ["Georgia Institute of Technology"],
        ["Indian Institute of Technology Delhi"],
        ["Massachusetts Institute of Technology"],
        ["Georgia Institute of Technology"],
        ["Mila – Quebec AI Institute"],
        ["Indian Institute of Technology Delhi"],
        ["Mila – Quebec AI Institute"],
        ["Massachusetts Institute of Technology"],
    ],
    "arxiv_thanks": [
        ["Instituto de Matemática Pura e Aplicada, Rio de Janeiro, Brazil"],
        ["Budapest University of Technology and Economics, Hungary"],
        ["Yonsei University, Seoul, Korea"],
    ],
    "arxiv_preprint_sty": [
        ["Department of Biomedical Informatics, Harvard Medical School, Boston, MA"],
        ["School of Computing, Dublin City University, Dublin, Ireland"],
    ],
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600", FORCE_SOURCE_DATE="1")
    for name, (tex, exp) in DOCS.items():
        if ONLY and name not in ONLY:
            continue
        if name in AFFILIATIONS:
            exp = {**exp, "affiliations": AFFILIATIONS[name]}
        tex = "\\pdfobjcompresslevel=2\n" + tex.lstrip()
        (OUT / f"{name}.tex").write_text(tex, encoding="utf-8")
        (OUT / f"{name}.json").write_text(
            json.dumps(exp, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(OUT / f"{name}.tex", tmp)
            for _ in range(2):
                r = subprocess.run(
                    ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
                    cwd=tmp,
                    env=env,
                    capture_output=True,
                    text=True,
                )
            if r.returncode:
                print(name, "FAILED\n", r.stdout[-2000:])
                sys.exit(1)
            shutil.copy(Path(tmp) / f"{name}.pdf", OUT / f"{name}.pdf")
        size = (OUT / f"{name}.pdf").stat().st_size
        if size > MAX_BYTES:
            for ext in (".tex", ".pdf", ".json"):
                (OUT / f"{name}{ext}").unlink()
            print(f"{name}: {size} bytes, too large; not kept")
            continue
        print(name, size)


if __name__ == "__main__":
    main()
