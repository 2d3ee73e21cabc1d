import pytest

from scripts.bench_reports import time_reports


@pytest.mark.django_db
def test_time_reports_measures_each_document(gt_encounter):
    results = time_reports(gt_encounter, repeat=3)
    print(results)
    assert set(results) == {"context", "handout", "summary"}
    for timing in results.values():
        assert 0 < timing["median_ms"] <= timing["max_ms"]
