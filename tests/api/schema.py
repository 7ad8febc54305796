"""The served OpenAPI schema, read as a client would, to check one reply against it."""

from django.test import Client


def served_schema() -> dict:
    reply = Client().get("/api/schema/?format=json")
    assert reply.status_code == 200
    return reply.json()


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def documented_body(path: str, method: str, status: int) -> dict | None:
    """The JSON schema of the body documented for that reply, or None when it has none.

    Fails when the status code itself is not documented."""
    schema = served_schema()
    responses = schema["paths"][path][method.lower()]["responses"]
    assert str(status) in responses, f"{method} {path}: {status} not in {sorted(responses)}"
    content = responses[str(status)].get("content", {})
    if "application/json" not in content:
        return None
    return _resolve(schema, content["application/json"]["schema"])


def assert_documented(reply, path: str, method: str) -> None:
    """The reply's status is documented, and so is its JSON body's shape (top-level keys,
    or an object where an object is said)."""
    body_schema = documented_body(path, method, reply.status_code)
    if body_schema is None:
        return
    assert reply["Content-Type"].startswith("application/json"), reply["Content-Type"]
    body = reply.json()
    assert body_schema.get("type") == "object", body_schema
    assert isinstance(body, dict), body
    properties = body_schema.get("properties")
    if properties is not None:
        assert set(body) <= set(properties), (sorted(body), sorted(properties))
        assert set(body_schema.get("required", [])) <= set(body), body
