"""Measured records: every sweep has its record, every record says where and how it was measured."""

import pytest

import transformer_course as tc
from transformer_course.data import records
from transformer_course.tools.sweeps import SWEEPS, sweep_function


def test_every_sweep_has_a_record_and_every_record_a_sweep():
    assert sorted(SWEEPS) == records.record_names()


@pytest.mark.parametrize("name", records.record_names())
def test_record_says_where_when_and_with_which_seeds(name):
    record = records.load_record(name)
    assert set(records.REQUIRED_KEYS) <= set(record)
    assert record["name"] == name and record["command"] == f"make sweep NAME={name}"
    assert record["seeds"], "a record without seeds cannot show a range"
    assert {"torch", "python"} <= set(record["versions"])
    assert callable(sweep_function(name))
    assert name in records.describe_record(record)


def test_unknown_record_names_the_known_ones():
    with pytest.raises(tc.CourseError, match="make sweep NAME=nahi_hai"):
        records.load_record("nahi_hai")


def test_write_record_adds_machine_and_versions(tmp_path):
    path = records.write_record("demo", {"acc": [0.5]}, seeds=[0, 1], config={"steps": 3},
                                command="make sweep NAME=demo", folder=tmp_path)
    import json
    record = json.loads(path.read_text())
    assert record["machine"]["cpus"] and record["versions"]["torch"] and record["seeds"] == [0, 1]


def test_claims_follow_the_numbers():
    assert tc.claims.ratio("A", 2.9, "B", 1.0, "slow", "fast") == "A B se 2.9× slow hai"
    assert tc.claims.ratio("A", 0.5, "B", 1.0, "slow", "fast") == "A B se 2.0× fast hai"
    assert "barabar" in tc.claims.ratio("A", 1.05, "B", 1.0)
    assert tc.claims.mean_range([0.3, 0.1, 0.2]) == "0.20 (0.10–0.30, 3 seeds)"
    assert tc.claims.agrees(0.25, [0.2, 0.3]) and not tc.claims.agrees(0.35, [0.2, 0.3])


def test_a_missing_checkpoint_says_how_to_make_it():
    with pytest.raises(tc.CourseError, match="make sweep NAME=no_such_record"):
        tc.records.load_checkpoint("no_such_record")
