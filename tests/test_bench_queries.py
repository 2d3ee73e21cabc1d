"""Queries per autosave, step page and live panel do not grow with the number of answers.

The same counter `make bench` reports (scripts/loadtest.py: count_queries), run here on the test
database: 80 realistic answers saved one by one, then some changed, every step page before
and after.
"""

import pytest
from django.db import connection

from tests.test_load import lt

# The panel endpoint is the benchmark's own (scripts/bench_urls.py), as under `make bench`.
pytestmark = pytest.mark.urls("scripts.bench_urls")


def test_queries_per_request_do_not_grow_with_the_answers(client_a, encounter_a):
    counts = lt.count_queries(client_a, connection, encounter_a.pk, lt.answer_plan(count=80))
    print(
        f"\nqueries: autosave {sorted(set(counts['autosave_new']))} (new), "
        f"{sorted(set(counts['autosave_changed']))} (changed); step pages "
        f"{counts['step_pages_with_answers']}; panel {counts['panel_with_answers']}"
    )

    assert len(counts["autosave_new"]) == 80
    assert len(set(counts["autosave_new"])) == 1, counts["autosave_new"]
    assert len(set(counts["autosave_changed"])) == 1, counts["autosave_changed"]
    assert counts["step_pages_with_answers"] == counts["step_pages_no_answers"]
    assert counts["panel_with_answers"] == counts["panel_no_answers"]
    # Every step page costs about the same: no step loads answers item by item.
    assert max(counts["step_pages_with_answers"].values()) <= 12
