"""`python -m bot.pricing`: an estimate for a good scenario, exit 2 and one line for a bad one."""

import io
import json
import subprocess
import sys

import pytest

from bot.pricing.__main__ import main
from bot.pricing.estimate import Estimate


def run_cli(stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.pricing"],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_issue_example_prints_a_spec_estimate() -> None:
    done = run_cli(
        '{"monthly_contacts": 3000, "coverage": "24_7", "support_languages": ["fr","nl"]}'
    )
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert "language" not in payload
    assert payload["type"] == "estimate"
    assert [option["model"] for option in payload["options"]] == [
        "dedicated",
        "per_minute",
        "per_interaction",
    ]
    assert payload["scenario"]["support_languages"] == ["fr", "nl"]
    Estimate.parse_obj(payload)


def test_a_bad_scenario_exits_2_with_one_line_and_no_traceback() -> None:
    done = run_cli('{"monthly_contacts": -3}')
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "monthly_contacts" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("stdin", "named"),
    [
        ("", "invalid JSON"),
        ("{not json", "invalid JSON"),
        ("[1, 2]", "JSON object"),
        ('"3000"', "JSON object"),
        ("{}", "monthly_contacts"),
        ('{"monthly_contacts": 0}', "monthly_contacts"),
        ('{"monthly_contacts": 1e400}', "monthly_contacts"),
        ('{"monthly_contacts": NaN}', "NaN"),
        ('{"monthly_contacts": "lots"}', "monthly_contacts"),
        ('{"monthly_contacts": 100, "aht_minutes": -4}', "aht_minutes"),
        ('{"monthly_contacts": 100, "aht_minutes": false}', "aht_minutes"),
        ('{"monthly_contacts": 100, "coverage": "weekends"}', "coverage"),
        ('{"monthly_contacts": 100, "support_languages": "fr"}', "support_languages"),
        ('{"monthly_contacts": 100, "support_languages": ["klingon"]}', "support_languages"),
        ('{"monthly_contacts": 100, "channels": ["pigeon"]}', "channels"),
        ('{"monthly_contacts": 100, "support_model": "cheapest"}', "support_model"),
        ('{"monthly_contacts": 100, "agents": -1}', "agents"),
        ('{"monthly_contacts": 100, "integrations": [1]}', "integrations"),
        ('{"monthly_contacts": 100, "contract_months": 0}', "contract_months"),
        ('{"monthly_contacts": 100, "colour": "blue"}', "colour"),
        ("[" * 100_000, "invalid JSON"),
    ],
)
def test_bad_input_names_the_problem(stdin: str, named: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(io.StringIO(stdin), out, err) == 2
    assert out.getvalue() == ""
    assert named in err.getvalue()
    assert err.getvalue().count("\n") == 1


def test_any_subset_of_parameters_is_accepted() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert (
        main(io.StringIO('{"agents": 2, "support_model": "dedicated", "language": "nl"}'), out, err)
        == 0
    )
    payload = json.loads(out.getvalue())
    assert payload["scenario"]["support_languages"] == ["nl"]
    assert [option["model"] for option in payload["options"]] == ["dedicated"]
