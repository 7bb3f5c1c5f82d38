from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newssearcher.cli.eval_cmd import run_similarity_eval
from newssearcher.cli.main import app
from newssearcher.stories.metrics import pearson
from newssearcher.stories.similarity import pair_score, pair_scores, pair_verdicts

EN = "Floods in Valencia: heavy rain killed 12 people on Monday and cut power to 40,000 homes."
ES = "Inundaciones en Valencia: las lluvias mataron a 12 personas el lunes y dejaron sin luz a 40.000 hogares."
OTHER = "The central bank kept its interest rate at 4.5 percent, citing slowing inflation."


def test_pair_score_ranks_same_story_above_unrelated():
    same = pair_score(EN, ES)
    other = pair_score(EN, OTHER)
    assert 0.0 <= other < same <= 1.0
    assert same - other > 0.3


EDITED = EN.replace("Monday", "Sunday")
LONGER = (
    "Valencia counts the damage after the floods. Heavy rain killed 12 people on Monday and cut "
    "power to 40,000 homes, the regional government said. Rescue teams searched flooded garages "
    "in Paiporta and Alfafar into the night, and schools will stay shut until Thursday."
)


def test_copies_score_at_least_as_high_as_rewordings():
    # the more alike two reports are, the surer the score: an identical copy and a copy with
    # one word changed are the same story (the network once scored them 0.15 and 0.49)
    identical, edited, translated, other = pair_scores(
        [(EN, EN), (EN, EDITED), (EN, ES), (EN, OTHER)]
    )
    assert identical >= 0.9 and edited >= 0.9
    assert min(identical, edited, translated) - other > 0.5
    cut = LONGER.split(". ")
    whole, shorter, dropped = pair_scores(
        [(LONGER, LONGER), (LONGER, ". ".join(cut[:2])), (LONGER, ". ".join(cut[1:]))]
    )
    assert min(whole, shorter, dropped) >= 0.8


def test_rewrite_verdicts_flag_copies_not_other_stories():
    verdicts = pair_verdicts([(EN, EDITED), (LONGER, LONGER.replace("12", "13")), (EN, OTHER)])
    assert [rewrite for _, rewrite in verdicts] == [True, True, False]
    assert [score for score, _ in verdicts] == pair_scores(
        [(EN, EDITED), (LONGER, LONGER.replace("12", "13")), (EN, OTHER)]
    )


def test_similarity_eval_reports_rewrites_against_gold(tmp_path: Path):
    src = tmp_path / "gold.jsonl"
    rows = [
        {"id": "a", "text1": EN, "text2": EDITED, "gold_overall": 1.0},
        {"id": "b", "text1": LONGER, "text2": LONGER.replace("12", "13"), "gold_overall": 2.5},
        {"id": "c", "text1": EN, "text2": OTHER, "gold_overall": 4.0},
        {"id": "d", "text1": ES, "text2": OTHER, "gold_overall": 4.0},
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    res = run_similarity_eval(src)
    assert res["pairs"] == 4 and res["pearson"] > 0.5
    # two pairs flagged: one gold calls very similar, one only somewhat dissimilar
    assert res["rewrites"] == {"flagged": 2, "same_story": 0.5, "very_similar": 0.5}


# texts that share a few words with EN, LONGER or OTHER: their weights depend on the other texts
NEAR = (
    "Heavy rain flooded roads in Murcia on Tuesday; no one was hurt, but 300 homes lost power, "
    "officials said."
)
BANK = (
    "The central bank said inflation is slowing and kept its rate, while heavy rain hit harvests "
    "and power prices."
)


def test_similarity_eval_scores_pairs_in_batches_as_separate_inputs_would(tmp_path: Path):
    # TF-IDF weights come from the texts of one input: in batches of one, each pair scores as
    # a file of that pair alone would
    pairs = [(EN, NEAR), (LONGER, NEAR), (OTHER, BANK), (EN, BANK)]
    gold = [2.0, 3.0, 1.0, 2.5]  # out of line with the scores: a mid-range r moves with them
    src = tmp_path / "gold.jsonl"
    src.write_text(
        "".join(
            json.dumps({"id": str(k), "text1": a, "text2": b, "gold_overall": g}) + "\n"
            for k, ((a, b), g) in enumerate(zip(pairs, gold, strict=True))
        ),
        encoding="utf-8",
    )
    target = [-g for g in gold]
    alone = [pair_score(a, b) for a, b in pairs]
    together = pair_scores(pairs)
    # the other texts change the weights, and the figure
    assert round(pearson(alone, target), 4) != round(pearson(together, target), 4)
    one = run_similarity_eval(src, batch=1)
    assert one["batch"] == 1 and one["pearson"] == round(pearson(alone, target), 4)
    whole = run_similarity_eval(src)
    assert whole["batch"] is None and whole["pearson"] == round(pearson(together, target), 4)
    res = CliRunner().invoke(app, ["eval", "similarity", "--batch", "2", str(src)])
    assert res.exit_code == 0, res.output
    halves = round(pearson(pair_scores(pairs[:2]) + pair_scores(pairs[2:]), target), 4)
    assert json.loads(res.stdout)["pearson"] == halves != whole["pearson"]


def test_similarity_cli_skips_bad_lines(tmp_path: Path):
    src = tmp_path / "pairs.jsonl"
    src.write_text(
        json.dumps({"id": "p1", "text1": EN, "text2": ES})
        + "\n"
        + "{not json\n"
        + json.dumps({"id": 2, "text1": EN})
        + "\n"
        + json.dumps({"id": "p3", "text1": EN, "text2": OTHER})
        + "\n",
        encoding="utf-8",
    )
    res = CliRunner().invoke(app, ["similarity", str(src)])
    assert res.exit_code == 0, res.output
    out = [json.loads(x) for x in res.stdout.splitlines() if x.startswith("{")]
    assert [o["id"] for o in out] == ["p1", "p3"]
    assert out[0]["score"] > out[1]["score"]
    assert "line 2" in res.stderr and "line 3" in res.stderr
