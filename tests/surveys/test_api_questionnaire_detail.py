import pytest

pytestmark = pytest.mark.django_db

URL = "/api/questionnaires/what-worked/"


def test_it_describes_the_current_version_with_keys_types_and_limits(client):
    body = client.get(URL).json()
    assert (body["slug"], body["version"], body["language"]) == ("what-worked", 1, "en")
    questions = {q["key"]: q for q in body["questions"]}
    assert list(questions) == [
        "platform",
        "problem",
        "channel",
        "outcome",
        "days_to_resolution",
        "occurred_on",
        "account_type",
        "tip",
    ]
    assert questions["days_to_resolution"]["show_if"] == {
        "key": "outcome",
        "in": ["resolved", "partly"],
    }
    assert (
        questions["days_to_resolution"]["min_value"],
        questions["days_to_resolution"]["max_value"],
    ) == (0, 365)
    assert questions["tip"]["max_length"] == 1000
    assert questions["tip"]["required"] is False
    assert [c["code"] for c in questions["outcome"]["choices"]] == [
        "resolved",
        "partly",
        "not_resolved",
        "waiting",
    ]
    channels = questions["channel"]["choices"]
    hub = next(c for c in channels if c["code"] == "hacked-hub")
    assert hub["platform"] == "instagram"
    assert channels[-1]["code"] == "other"


@pytest.mark.parametrize(
    "params, headers, label",
    [
        ("?lang=fr", {}, "Est-ce que cela a réglé votre problème ?"),
        ("", {"HTTP_ACCEPT_LANGUAGE": "fr"}, "Est-ce que cela a réglé votre problème ?"),
        ("?lang=en", {"HTTP_ACCEPT_LANGUAGE": "fr"}, "Did it solve your problem?"),
    ],
)
def test_labels_come_in_the_requested_language(client, params, headers, label):
    body = client.get(URL + params, **headers).json()
    outcome = next(q for q in body["questions"] if q["key"] == "outcome")
    assert outcome["label"] == label


def test_an_unknown_questionnaire_is_404(client):
    assert client.get("/api/questionnaires/nope/").status_code == 404


def test_the_schema_documents_the_questionnaire_api(client):
    schema = client.get("/api/schema/").content.decode()
    for path in (
        "/api/questionnaires/{slug}/",
        "/api/questionnaires/{slug}/responses/",
        "/api/responses/{response_id}/",
    ):
        assert path in schema
    assert "X-Edit-Token" in schema
