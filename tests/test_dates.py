from kg.lexicon.dates import find_dates, parse_date, resolve_relative


def test_absolute_dates():
    assert parse_date("Signed on 9 March 2024 in Canberra") == "2024-03-09"
    assert parse_date("Sept. 3, 2023") == "2023-09-03"
    assert parse_date("2025-11-02T08:00:00Z") == "2025-11-02"
    assert parse_date("February 30, 2025") is None
    assert [d for _, _, d in find_dates("Talks began on May 1, 2023 and ended June 2, 2024.")] == ["2023-05-01", "2024-06-02"]


def test_relative_dates_need_a_reference():
    assert resolve_relative("the two leaders signed the pact on Tuesday", "2024-03-14") == "2024-03-12"
    assert resolve_relative("signed yesterday", "2024-03-14") == "2024-03-13"
    assert resolve_relative("signed today", "2024-03-14") == "2024-03-14"
    assert resolve_relative("signed on Tuesday", None) is None
    assert resolve_relative("signed last year", "2024-03-14") is None
