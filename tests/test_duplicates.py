"""close_pairs: the candidate pairs behind the near-duplicate warnings."""

from mkdocs_dossier.core.duplicates import close_pairs


def test_close_pairs_are_those_a_deletion_from_a_shared_string() -> None:
    pairs = close_pairs(["supreme-decison", "supreme-decision", "supreme-decisiun", "elsewhere"])
    # decison and decisiun are two edits apart with no string a deletion from both.
    assert pairs == [
        ("supreme-decision", "supreme-decisiun"),
        ("supreme-decision", "supreme-decison"),
    ]


def test_a_numbered_series_is_no_near_duplicate() -> None:
    assert close_pairs(["member-01", "member-02", "member-1"]) == []


def test_a_khmer_name_missing_one_sign_pairs_and_a_khmer_numbered_series_does_not() -> None:
    # Kem Sokha with and without the final vowel sign; members 01 and 02 in Khmer digits.
    pairs = close_pairs(["កឹម សុខា", "កឹម សុខ", "សមាជិក-០១", "សមាជិក-០២"])
    assert pairs == [("កឹម សុខ", "កឹម សុខា")]
