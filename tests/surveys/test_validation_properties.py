"""Properties of `answers_validate` and its `show_if` evaluator, checked with hypothesis.

The shipped questionnaire needs the database (its catalog questions read the catalog);
the `show_if` chains and the limits use unsaved questions built in memory.
"""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveys.models import Question
from surveys.questionnaire_file import QuestionEntry
from surveys.selectors import OTHER, CatalogIndex, catalog_index, memo_clear, version_current
from surveys.validation import (
    CHANNEL_OTHER_MAX,
    HIDDEN,
    LONG_TEXT_MAX,
    PENDING,
    SHORT_TEXT_MAX,
    SHOWN,
    Validation,
    answers_validate,
    is_blank,
    latest_allowed_today,
    printable_key,
)
from tests.surveys.conftest import api_submit, valid_answers

Type = Question.Type
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
TODAY = latest_allowed_today(NOW)
POOL = ["red", "green", "blue", "amber", "violet"]

# The db fixtures are function-scoped on purpose: every example only reads the shipped
# questionnaire and catalog.
PROPERTY = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Any text JSON can carry, lone surrogates included (valid \ud800 escapes, not text).
any_text = st.text(st.characters() | st.characters(categories=["Cs"]), max_size=12)
huge_texts = st.sampled_from(
    ["9" * 100_000, " " * 100_000 + "3", "x" * 6_000, "2026-01-01" + " " * 50_000, "-" * 60]
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | any_text | huge_texts,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(any_text, children, max_size=4)
    ),
    max_leaves=8,
)


@pytest.fixture
def questions(settings, surveys_open):
    """The shipped questions, with the catalog remembered: examples validate hundreds of times."""
    settings.SURVEYS_CATALOG_CACHE_SECONDS = 3600
    memo_clear()
    return list(version_current("what-worked").questions.all())


def question(key: str, kind: str, *, codes=(), required=True, show_if=None, **limits) -> Question:
    """An unsaved question: validation reads only its fields."""
    choices = [{"code": code, "label_en": code, "label_fr": code} for code in codes]
    return Question(
        key=key,
        type=kind,
        label_en=key,
        label_fr=key,
        required=required,
        choices=choices,
        show_if=show_if,
        **limits,
    )


def codes_of(item: Question) -> list[str]:
    return [choice["code"] for choice in item.choices]


def platform_channels(catalog: CatalogIndex, platform: str) -> list[str]:
    platform_id = catalog.platforms[platform].pk
    return sorted(slug for owner, slug in catalog.channels if owner == platform_id)


def padded(value: str) -> st.SearchStrategy[str]:
    return st.sampled_from(["", " ", "\t", "\n "]).map(lambda pad: f"{pad}{value}{pad}")


def text_limit(item: Question) -> int:
    return item.max_length or (SHORT_TEXT_MAX if item.type == Type.SHORT_TEXT else LONG_TEXT_MAX)


def bounds(item: Question, low: int, high: int) -> tuple[int, int]:
    """The question's min and max, or these when it sets none."""
    return (
        low if item.min_value is None else item.min_value,
        high if item.max_value is None else item.max_value,
    )


def fair_value(item: Question, catalog: CatalogIndex, platform: Any) -> st.SearchStrategy:
    """Valid answers to this question, in the page's and the API's forms."""
    kind = item.type
    plain_text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"))
    if kind == Type.SINGLE_CHOICE:
        return st.sampled_from(codes_of(item))
    if kind == Type.MULTIPLE_CHOICE:
        return st.lists(st.sampled_from(codes_of(item)), min_size=1, unique=True)
    if kind == Type.YES_NO:
        return st.sampled_from([True, False, "yes", "no"])
    if kind == Type.NUMBER:
        numbers = st.integers(*bounds(item, -1000, 1000))
        return numbers.flatmap(lambda n: st.just(n) | padded(str(n)))
    if kind == Type.DATE:
        offsets = st.integers(*bounds(item, -4000, 30))
        return offsets.flatmap(lambda offset: padded((TODAY + timedelta(offset)).isoformat()))
    if kind in (Type.SHORT_TEXT, Type.LONG_TEXT):
        at_limit = padded("x" * text_limit(item))
        return plain_text.map(lambda text: f"{text} ok") | at_limit
    if kind == Type.PLATFORM:
        return st.sampled_from(sorted(catalog.platforms))
    if kind == Type.PROBLEM:
        return st.sampled_from(sorted(catalog.problems))
    if kind == Type.CHANNEL:
        other = st.fixed_dictionaries(
            {"code": st.just(OTHER), "text": plain_text.map(lambda text: f"{text} ok")}
        )
        return st.sampled_from(platform_channels(catalog, platform)) | other
    return st.nothing()


def near_miss(item: Question, catalog: CatalogIndex) -> st.SearchStrategy:
    """Answers a step away from valid: just out of bounds, unlisted, another platform's."""
    kind = item.type
    if kind in (Type.SINGLE_CHOICE, Type.MULTIPLE_CHOICE):
        codes = codes_of(item)
        wrong = st.just("unlisted") | st.sampled_from(codes).map(str.upper)
        if kind == Type.SINGLE_CHOICE:
            return wrong | st.sampled_from(codes).map(lambda code: [code])
        return st.tuples(st.sampled_from(codes), wrong).map(list) | st.sampled_from(codes).map(
            lambda code: [code, code]
        )
    if kind == Type.YES_NO:
        return st.sampled_from(["Yes", "true", 1, 0, "oui"])
    if kind == Type.NUMBER:
        low, high = bounds(item, -1000, 1000)
        outside = st.integers(1, 5).flatmap(lambda n: st.sampled_from([low - n, high + n]))
        return outside | outside.map(str) | st.sampled_from([2.5, "3.0", "1e2", True])
    if kind == Type.DATE:
        low, high = bounds(item, -4000, 30)
        outside = st.integers(1, 5).flatmap(lambda n: st.sampled_from([low - n, high + n]))
        wrong = st.sampled_from(["2026-02-30", "10/03/2026", "2026-3-1", 20260301])
        return outside.map(lambda offset: (TODAY + timedelta(offset)).isoformat()) | wrong
    if kind in (Type.SHORT_TEXT, Type.LONG_TEXT):
        over = st.integers(1, 3).map(lambda n: "x" * (text_limit(item) + n))
        return over | st.sampled_from(["nul \x00", "lone \ud800", 42, ["a tip"]])
    if kind in (Type.PLATFORM, Type.PROBLEM):
        return st.sampled_from(["myspace", "instagram\n", "Hacked-Account", "a" * 51])
    if kind == Type.CHANNEL:
        every = sorted({slug for _owner, slug in catalog.channels})
        other = st.sampled_from(["  ", "x" * (CHANNEL_OTHER_MAX + 1), None, 3]).map(
            lambda text: {"code": OTHER, "text": text}
        )
        return st.sampled_from([*every, OTHER]) | other
    return json_values


def condition_met(item: Question, answers: dict[str, Any]) -> bool:
    """Whether an answer drawn for an earlier question shows this one."""
    if not item.show_if:
        return True
    value = answers.get(item.show_if["key"])
    selected = value if isinstance(value, list) else [value]
    return any(code in item.show_if["in"] for code in selected)


def shipped_answers(questions: list[Question], catalog: CatalogIndex) -> st.SearchStrategy:
    """Fair answers with up to three spoiled (a near miss, junk, missing), sometimes an
    unknown key; questions hidden by the fair answers are left out unless spoiled."""
    keys = [item.key for item in questions]
    near = {item.key: near_miss(item, catalog) for item in questions}
    fair = {
        item.key: fair_value(item, catalog, None) for item in questions if item.type != Type.CHANNEL
    }
    # A channel's fair answers depend on the platform answered before it.
    channel_fair = {
        platform: fair_value(item, catalog, platform)
        for item in questions
        if item.type == Type.CHANNEL
        for platform in catalog.platforms
    }
    spoils = st.dictionaries(
        st.sampled_from(keys), st.sampled_from(["near", "junk", "missing"]), max_size=3
    )

    # A closure, not arguments: hypothesis would print the whole catalog with every draw.
    @st.composite
    def answers(draw) -> dict[str, Any]:
        spoiled = draw(spoils)
        drawn: dict[str, Any] = {}
        for item in questions:
            how = spoiled.get(item.key, "fair")
            if how == "near":
                drawn[item.key] = draw(near[item.key])
            elif how == "junk":
                drawn[item.key] = draw(json_values)
            elif how == "fair" and condition_met(item, drawn):
                if item.type != Type.CHANNEL:
                    drawn[item.key] = draw(fair[item.key])
                else:
                    platform = drawn.get("platform")
                    if isinstance(platform, str) and platform in channel_fair:
                        drawn[item.key] = draw(channel_fair[platform])
        if draw(st.integers(0, 9)) == 0:
            drawn[draw(any_text)] = draw(json_values)
        return drawn

    return answers()


@pytest.fixture
def shipped(questions) -> st.SearchStrategy:
    """Answers to the shipped questions, built once a test: the catalog is read here."""
    return shipped_answers(questions, catalog_index())


def assert_stored_type(item: Question, value: Any, result: Validation, catalog: CatalogIndex):
    """The cleaned value has the shape an Answer row stores for this question type."""
    kind = item.type
    if kind == Type.SINGLE_CHOICE:
        assert isinstance(value, str) and value in codes_of(item)
    elif kind == Type.MULTIPLE_CHOICE:
        assert isinstance(value, list) and value and len(set(value)) == len(value)
        assert all(isinstance(code, str) and code in codes_of(item) for code in value)
    elif kind == Type.YES_NO:
        assert isinstance(value, bool)
    elif kind == Type.NUMBER:
        assert type(value) is int
        assert item.min_value is None or value >= item.min_value
        assert item.max_value is None or value <= item.max_value
    elif kind == Type.DATE:
        day = date.fromisoformat(value)
        assert day.isoformat() == value
        assert item.min_value is None or day >= TODAY + timedelta(days=item.min_value)
        assert item.max_value is None or day <= TODAY + timedelta(days=item.max_value)
    elif kind in (Type.SHORT_TEXT, Type.LONG_TEXT):
        assert_clean_text(value, text_limit(item))
    elif kind == Type.PLATFORM:
        assert result.objects["platform"] == catalog.platforms[value]
    elif kind == Type.PROBLEM:
        assert result.objects["problem"] == catalog.problems[value]
    elif kind == Type.CHANNEL:
        if isinstance(value, dict):
            assert set(value) == {"code", "text"} and value["code"] == OTHER
            assert_clean_text(value["text"], CHANNEL_OTHER_MAX)
            assert result.objects["channel"] is None
        else:
            platform = catalog.platforms[result.cleaned["platform"]]
            assert result.objects["channel"] == catalog.channels[(platform.pk, value)]
    else:
        pytest.fail(f"unexpected question type {kind}")


def assert_clean_text(value: Any, limit: int) -> None:
    """Stripped, non-empty, within the limit, and storable (no NUL, no lone surrogate)."""
    assert isinstance(value, str) and value and value == value.strip()
    assert len(value) <= limit
    assert "\x00" not in value
    value.encode()


# --- 1. totality --------------------------------------------------------------------------


@pytest.mark.django_db
@PROPERTY
@given(
    answers=st.dictionaries(
        st.sampled_from(["platform", "channel", "days_to_resolution", "tip"]) | any_text,
        json_values
        | st.fixed_dictionaries({"code": st.just(OTHER)}, optional={"text": json_values}),
        max_size=8,
    ),
    drop_hidden=st.booleans(),
)
def test_any_json_answers_get_errors_by_key_and_never_an_exception(questions, answers, drop_hidden):
    """For any JSON-like answers, answers_validate returns (never raises) errors keyed by a
    question's key or by the unknown key sent (a lone surrogate in it shown as U+FFFD),
    with drop_hidden both True and False."""
    result = answers_validate(
        questions=questions, answers=answers, drop_hidden=drop_hidden, now=NOW
    )
    known = {item.key for item in questions}
    sent = {printable_key(key) for key in answers}
    assert set(result.errors) <= known | sent
    assert {printable_key(key) for key in set(answers) - known} <= set(result.errors)
    assert all(
        messages and all(isinstance(m, str) and m for m in messages)
        for messages in result.errors.values()
    )
    assert set(result.states) == known
    assert set(result.states.values()) <= {SHOWN, HIDDEN, PENDING}
    assert set(result.cleaned) <= known


# --- 2. soundness and 3. idempotence ------------------------------------------------------


@pytest.mark.django_db
@PROPERTY
@given(data=st.data(), drop_hidden=st.booleans())
def test_cleaned_answers_have_their_stored_type_and_cover_every_required_shown_question(
    questions, shipped, data, drop_hidden
):
    """Every cleaned value is of its question's stored type (a listed code, an int within
    bounds, an ISO date within the offsets, a short enough stripped text, a catalog slug, a
    channel of the chosen platform or {"code": "other", "text": ...}); no hidden question is
    cleaned; and without errors every required shown question is cleaned (none is pending:
    everything the shipped questions depend on is required)."""
    catalog = catalog_index()
    answers = data.draw(shipped)
    result = answers_validate(
        questions=questions, answers=answers, drop_hidden=drop_hidden, now=NOW
    )
    by_key = {item.key: item for item in questions}
    for key, value in result.cleaned.items():
        assert result.states[key] == SHOWN
        assert_stored_type(by_key[key], value, result, catalog)
    if result.is_valid:
        required = {item.key for item in questions if item.required}
        shown = {key for key, state in result.states.items() if state == SHOWN}
        assert required & shown <= set(result.cleaned)
        assert PENDING not in result.states.values()


@pytest.mark.django_db
@PROPERTY
@given(data=st.data(), drop_hidden=st.booleans())
def test_validating_cleaned_answers_again_changes_nothing(questions, shipped, data, drop_hidden):
    """Cleaned answers validate again (even strictly) to the same cleaned answers and states,
    with no error when the first pass had none."""
    answers = data.draw(shipped)
    first = answers_validate(questions=questions, answers=answers, drop_hidden=drop_hidden, now=NOW)
    again = answers_validate(questions=questions, answers=first.cleaned, now=NOW)
    assert again.cleaned == first.cleaned
    assert again.states == first.states
    if first.is_valid:
        assert again.errors == {}


# --- 4. show_if ---------------------------------------------------------------------------


@st.composite
def chains(draw) -> tuple[list[Question], dict[str, Any]]:
    """A (single or multiple choice), B shown if A is in a subset, C shown if B is in one;
    each answered, left out, or answered with an unlisted code."""
    a_kind = draw(st.sampled_from([Type.SINGLE_CHOICE, Type.MULTIPLE_CHOICE]))
    a_codes = draw(st.lists(st.sampled_from(POOL), min_size=1, unique=True))
    b_codes = draw(st.lists(st.sampled_from(POOL), min_size=1, unique=True))
    b_in = draw(st.lists(st.sampled_from(a_codes), unique=True))
    c_in = draw(st.lists(st.sampled_from(b_codes), unique=True))
    c_kind = draw(st.sampled_from([Type.SHORT_TEXT, Type.YES_NO]))
    questions = [
        question("a", a_kind, codes=a_codes, required=draw(st.booleans())),
        question(
            "b",
            Type.SINGLE_CHOICE,
            codes=b_codes,
            required=draw(st.booleans()),
            show_if={"key": "a", "in": b_in},
        ),
        question("c", c_kind, required=draw(st.booleans()), show_if={"key": "b", "in": c_in}),
    ]
    if a_kind == Type.SINGLE_CHOICE:
        a_answer = st.sampled_from(a_codes) | st.just("unlisted")
    else:
        a_answer = st.lists(st.sampled_from([*a_codes, "unlisted"]), unique=True)
    answer_of = {
        "a": a_answer,
        "b": st.sampled_from(b_codes) | st.just("unlisted"),
        "c": st.sampled_from(["yes", "no", True, "a word", "", 7]),
    }
    answers = {key: draw(value) for key, value in answer_of.items() if draw(st.booleans())}
    return questions, answers


def expected_state(condition: dict, result: Validation) -> str:
    """Shown iff the earlier answer (any of its codes) is in the subset; hidden if it is
    hidden or answered outside it; pending while it has no cleaned answer."""
    key = condition["key"]
    if result.states[key] == HIDDEN:
        return HIDDEN
    if key not in result.cleaned:
        return PENDING
    value = result.cleaned[key]
    selected = value if isinstance(value, list) else [value]
    return SHOWN if set(selected) & set(condition["in"]) else HIDDEN


@PROPERTY
@given(chain=chains())
def test_show_if_follows_the_earlier_answer_and_hidden_propagates_down_a_chain(chain):
    """B is shown iff A's cleaned answer (any selected code) is in B's subset, hidden iff A
    was answered outside it, pending while A has no cleaned answer; C is hidden whenever B
    is, whatever C's own answer; an answer to a hidden question is an error on its key
    strictly and silently dropped with drop_hidden=True, and nothing else differs."""
    questions, answers = chain
    strict = answers_validate(questions=questions, answers=answers, now=NOW)
    lenient = answers_validate(questions=questions, answers=answers, drop_hidden=True, now=NOW)

    assert strict.states["a"] == SHOWN
    for item in questions[1:]:
        assert strict.states[item.key] == expected_state(item.show_if, strict)
    if strict.states["b"] == HIDDEN:
        assert strict.states["c"] == HIDDEN

    assert lenient.states == strict.states
    assert lenient.cleaned == strict.cleaned
    refused = {
        key
        for key, state in strict.states.items()
        if state == HIDDEN and not is_blank(answers.get(key))
    }
    assert refused <= set(strict.errors)
    assert not refused & set(lenient.errors)
    assert not refused & set(strict.cleaned)
    assert lenient.errors == {k: v for k, v in strict.errors.items() if k not in refused}


# --- 5. form strings and API values -------------------------------------------------------


@PROPERTY
@given(
    low=st.none() | st.integers(-1000, 1000),
    span=st.none() | st.integers(0, 1000),
    number=st.integers(-1200, 2200) | st.integers(-(10**9) + 1, 10**9 - 1),
    pad=st.sampled_from(["", " ", "\t", " \n"]),
)
def test_a_number_typed_in_the_form_cleans_like_the_same_number_sent_by_the_api(
    low, span, number, pad
):
    """A number sent as the page's string ("3", maybe padded) and as the API's int (3) give
    the same cleaned value, or are both refused."""
    high = None if span is None else (low or 0) + span
    item = question("n", Type.NUMBER, min_value=low, max_value=high)
    page = answers_validate(questions=[item], answers={"n": f"{pad}{number}{pad}"}, now=NOW)
    api = answers_validate(questions=[item], answers={"n": number}, now=NOW)
    assert page.cleaned == api.cleaned
    assert set(page.errors) == set(api.errors)


@pytest.mark.parametrize("form, value", [("yes", True), ("no", False)])
def test_yes_or_no_from_the_form_cleans_like_the_api_boolean(form, value):
    item = question("agreed", Type.YES_NO)
    page = answers_validate(questions=[item], answers={"agreed": form}, now=NOW)
    api = answers_validate(questions=[item], answers={"agreed": value}, now=NOW)
    assert page.errors == api.errors == {}
    assert page.cleaned == api.cleaned == {"agreed": value}


# --- 6. refusal of out-of-range answers ---------------------------------------------------


def assert_refused(item: Question, value: Any) -> None:
    result = answers_validate(questions=[item], answers={item.key: value}, now=NOW)
    assert list(result.errors) == [item.key]
    assert item.key not in result.cleaned


@PROPERTY
@given(
    low=st.integers(-1000, 1000),
    span=st.integers(0, 1000),
    beyond=st.integers(1, 10**6),
    above=st.booleans(),
    as_text=st.booleans(),
)
def test_a_number_outside_its_bounds_is_refused(low, span, beyond, above, as_text):
    """A number below min_value or above max_value, as int or string, is an error on its
    key and never cleaned."""
    high = low + span
    number = high + beyond if above else low - beyond
    item = question("n", Type.NUMBER, min_value=low, max_value=high)
    assert_refused(item, str(number) if as_text else number)


@PROPERTY
@given(
    low=st.integers(-4000, 0),
    span=st.integers(0, 400),
    beyond=st.integers(1, 4000),
    after=st.booleans(),
)
def test_a_date_outside_its_offsets_from_today_is_refused(low, span, beyond, after):
    """A date later than latest_allowed_today + max_value (the future, for 0) or earlier
    than + min_value is an error on its key and never cleaned."""
    high = low + span
    offset = high + beyond if after else low - beyond
    item = question("day", Type.DATE, min_value=low, max_value=high)
    assert_refused(item, (TODAY + timedelta(days=offset)).isoformat())


@PROPERTY
@given(
    kind=st.sampled_from([Type.SHORT_TEXT, Type.LONG_TEXT]),
    max_length=st.none() | st.integers(1, 300),
    extra=st.integers(1, 50),
    letter=st.characters(exclude_categories=["Cs", "Zs", "Zl", "Zp", "Cc"]),
)
def test_a_text_over_its_length_limit_is_refused(kind, max_length, extra, letter):
    """A text longer than max_length (or the type's default) once stripped is an error on
    its key and never cleaned."""
    default = SHORT_TEXT_MAX if kind == Type.SHORT_TEXT else LONG_TEXT_MAX
    item = question("text", kind, max_length=max_length)
    assert_refused(item, f" {letter * ((max_length or default) + extra)} ")


@PROPERTY
@given(
    codes=st.lists(st.sampled_from(POOL), min_size=1, unique=True),
    unlisted=any_text.filter(lambda text: text.strip() and text not in POOL),
    multiple=st.booleans(),
)
def test_a_code_that_is_not_among_the_choices_is_refused(codes, unlisted, multiple):
    """An unlisted code, alone or among listed ones, is an error on its key and never
    cleaned."""
    if multiple:
        assert_refused(question("q", Type.MULTIPLE_CHOICE, codes=codes), [*codes, unlisted])
    else:
        assert_refused(question("q", Type.SINGLE_CHOICE, codes=codes), unlisted)


# --- bugs found ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, answer, code",
    [(Type.YES_NO, "yes", "yes"), (Type.YES_NO, True, "yes"), (Type.NUMBER, 0, 0)],
)
def test_a_question_shown_if_a_yes_no_or_number_answer_matches_is_shown(kind, answer, code):
    entry = QuestionEntry(
        data={
            "key": "b",
            "type": Type.SHORT_TEXT,
            "label": {"en": "b", "fr": "b"},
            "show_if": {"key": "a", "in": [code]},
        }
    )
    assert entry.is_valid(), entry.errors
    stored = dict(entry.validated_data["show_if"])
    questions = [question("a", kind), question("b", Type.SHORT_TEXT, show_if=stored)]
    result = answers_validate(questions=questions, answers={"a": answer, "b": "Yes"}, now=NOW)
    assert result.states["b"] == SHOWN
    assert result.cleaned["b"] == "Yes"


@pytest.mark.django_db
def test_an_unknown_key_with_a_lone_surrogate_gets_a_400_not_a_500(respondent):
    respondent.raise_request_exception = False
    answers = {**valid_answers(), "tip\ud800": "x"}
    reply = api_submit(respondent, answers)
    assert reply.status_code == 400
    assert reply.json()["errors"] == {
        "tip\ufffd": ["This question is not part of the questionnaire."]
    }


@pytest.mark.django_db
def test_an_unknown_top_level_field_with_a_lone_surrogate_gets_a_400(respondent):
    respondent.raise_request_exception = False
    reply = respondent.post(
        "/api/questionnaires/what-worked/responses/",
        '{"answers": {}, "x\\ud800": 1}',
        content_type="application/json",
    )
    assert reply.status_code == 400
    assert "x\ufffd" in reply.json()["errors"]
