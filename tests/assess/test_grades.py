from __future__ import annotations

from crosswire.assess.grades import Statement, grade, grade_statements, is_party_denial


def _said(origin: str, kind: str = "attributed", source_type: str | None = "anonymous") -> Statement:
    return Statement(kind=kind, source_type=source_type, origin=origin)


def test_two_independent_origins_corroborate_and_relays_of_one_do_not() -> None:
    assert grade_statements([_said("Bloomberg|one U.S. official"), _said("Bloomberg|one U.S. official")]) == (
        1, "single-source"
    )
    assert grade_statements([_said("Bloomberg|one U.S. official"), _said("Reuters|a monitor")]) == (2, "corroborated")


def test_a_partys_denial_against_one_origin_is_denied_against_several_contested() -> None:
    denial = _said("Bloomberg|Russia's military", kind="denial", source_type="government")
    assert is_party_denial(denial)
    assert grade_statements([_said("Bloomberg|one U.S. official"), denial]) == (1, "denied")
    assert grade_statements([_said("Bloomberg|one U.S. official"), _said("blog|", kind="reported"), denial]) == (
        2, "contested"
    )


def test_anonymous_or_outlet_denials_are_not_a_partys_and_opinions_assert_nothing() -> None:
    assert not is_party_denial(_said("x|", kind="denial", source_type="anonymous"))
    assert not is_party_denial(_said("x|", kind="denial", source_type="outlet"))
    assert grade_statements([_said("a|", kind="opinion", source_type=None), _said("b|")]) == (1, "single-source")


def test_disagreeing_figures_make_corroborated_contested_and_a_lone_denial_is_its_own_statement() -> None:
    assert grade(asserting=3, denied=False, figures_contested=True) == "contested"
    lone = [Statement(kind="denial", source_type="government", origin="Kremlin|")]
    assert grade_statements(lone) == (1, "single-source")
