"""`make walkthrough` counts what a person does: its counter checked on a page of known size."""

import importlib.util
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def load_walkthrough():
    sys.path.insert(0, str(SCRIPTS))
    spec = importlib.util.spec_from_file_location("walkthrough", SCRIPTS / "walkthrough.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["walkthrough"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


PAGE = """<!doctype html><html><body style="margin:0">
<button id="top" style="position:absolute; top:100px; height:40px">top</button>
<input id="field" style="position:absolute; top:100px; left:200px; height:40px">
<button id="far" style="position:absolute; top:3240px; height:40px">far</button>
<div style="height:5000px"></div>
<div class="sheet" style="position:fixed; bottom:0; left:0; right:0; height:160px">sheet</div>
</body></html>"""


def test_counts_taps_keystrokes_and_scrolling(page):
    walkthrough = load_walkthrough()
    page.set_content(PAGE)
    counter = walkthrough.Counter(page)
    counter.begin("one step")
    counter.tap(page.locator("#top"))  # visible: no scrolling
    counter.tap(page.locator("#field"))
    counter.type("250")
    assert (counter.current.taps, counter.current.keys, counter.current.scrolled) == (2, 3, 0)
    assert page.locator("#field").input_value() == "250"

    counter.tap(page.locator("#far"))  # bottom 3280 px must clear the 160 px sheet + 12 px
    expected = 3280 - (1080 - 160 - 12)
    assert counter.current.scrolled == pytest.approx(expected, abs=1)
    counter.tap(page.locator("#top"))  # and back up: 3240 - 100 - 12 px more... as scrolled
    back = expected - (100 - 12)
    assert counter.current.scrolled == pytest.approx(expected + back, abs=1)
    assert counter.current.screens == pytest.approx((expected + back) / 1080)
    assert counter.current.taps == 4
    step = counter.current
    assert step.seconds == pytest.approx(4 * 2 + 3 * 0.4 + step.screens * 1.5)

    counter.begin("second step")  # a new step (a new page) starts from zero
    assert counter.current.taps == counter.current.scrolled == 0
    total = walkthrough.total(counter.steps)
    assert (total.taps, total.keys) == (4, 3)
    lines = walkthrough.goal_lines(counter.steps)
    assert "| taps | 4 | ≤ 60 | yes |" in lines


def test_the_reference_case_check_names_what_differs():
    walkthrough = load_walkthrough()
    expected = {"night_pain": "no", "slump__right": "negative"}
    walkthrough.check_answers(dict(expected), expected)
    with pytest.raises(walkthrough.lt.HarnessError, match="night_pain"):
        walkthrough.check_answers({"slump__right": "negative"}, expected)
    with pytest.raises(walkthrough.lt.HarnessError, match="extra"):
        walkthrough.check_answers({**expected, "pain_now": 3}, expected)
