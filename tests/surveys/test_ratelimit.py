import time_machine

from surveys.ratelimit import rate_limit_hit


def test_it_lets_the_limit_through_then_says_how_long_to_wait(settings):
    settings.SURVEYS_RATE_LIMIT, settings.SURVEYS_RATE_WINDOW = 3, 600
    with time_machine.travel(6000.0, tick=False):
        assert [rate_limit_hit(scope="t", client_hash="a") for _ in range(3)] == [None] * 3
        assert rate_limit_hit(scope="t", client_hash="a") == 600
        assert rate_limit_hit(scope="t", client_hash="b") is None
    with time_machine.travel(6600.0, tick=False):
        assert rate_limit_hit(scope="t", client_hash="a") is None


def test_a_limit_of_zero_turns_it_off(settings):
    settings.SURVEYS_RATE_LIMIT = 0
    assert all(rate_limit_hit(scope="t", client_hash="a") is None for _ in range(50))
