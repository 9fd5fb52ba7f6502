"""The shared counters behind the rate limits: a database cache whose increments add up across
processes and keep their expiry, and the client's address read as the proxies wrote it."""

import multiprocessing as mp
import time

import pytest
from django.core.cache import caches
from django.db import connections
from django.test import RequestFactory

from motcua.ratelimit import client_ip, period_words
from motcua.signin.models import RateCounter

WORKERS, PER_WORKER = 4, 25
cache = caches["ratelimit"]


def _expires(key: str) -> float:
    return RateCounter.objects.get(key=cache.make_key(key)).expires


def test_an_increment_keeps_the_hour_of_an_hourly_counter(db):
    cache.add("rl:test", 0, 3600)
    before = _expires("rl:test")
    assert cache.incr("rl:test") == 1 and cache.incr("rl:test", 2) == 3
    # Django's own incr would have rewritten the entry with the default five minutes.
    assert _expires("rl:test") == before
    assert before - time.time() > 55 * 60


def test_add_counts_once_and_replaces_only_an_expired_counter(db):
    assert cache.add("rl:window", 1, 60) is True
    assert cache.add("rl:window", 1, 60) is False  # a second add in the window changes nothing
    assert cache.incr("rl:window") == 2
    RateCounter.objects.filter(key=cache.make_key("rl:window")).update(expires=time.time() - 1)
    assert cache.get("rl:window") is None
    assert cache.add("rl:window", 1, 60) is True  # the window is over: counting starts again
    assert cache.get("rl:window") == 1


def test_a_new_window_forgets_the_windows_that_are_over(db):
    cache.add("rl:old", 1, 60)
    RateCounter.objects.filter(key=cache.make_key("rl:old")).update(expires=time.time() - 1)
    cache.add("rl:new", 1, 60)
    assert list(RateCounter.objects.values_list("key", flat=True)) == [cache.make_key("rl:new")]


def test_an_expired_or_missing_counter_cannot_be_incremented(db):
    with pytest.raises(ValueError):
        cache.incr("rl:missing")


def _count(queue) -> None:
    connections.close_all()  # a forked child must not share the parent's connection
    for _ in range(PER_WORKER):
        cache.incr("rl:shared")
    connections.close_all()
    queue.put(True)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_counts_from_several_servers_add_up():
    cache.add("rl:shared", 0, 600)
    connections.close_all()
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_count, args=(queue,)) for _ in range(WORKERS)]
    for p in procs:
        p.start()
    for _ in procs:
        queue.get(timeout=120)
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert cache.get("rl:shared") == WORKERS * PER_WORKER


def request_from(remote: str, forwarded: str = ""):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_proxies_the_connection_address_counts_and_the_header_is_ignored(settings):
    settings.MOTCUA_PROXY_COUNT = 0
    assert client_ip(request_from("203.0.113.5", "192.0.2.1")) == "203.0.113.5"


def test_behind_proxies_the_address_the_outermost_saw_counts(settings):
    settings.MOTCUA_PROXY_COUNT = 2
    # client wrote 192.0.2.66; the outer proxy appended 203.0.113.5, the inner one 10.0.0.2
    assert client_ip(request_from("10.0.0.3", "192.0.2.66, 203.0.113.5, 10.0.0.2")) == "203.0.113.5"
    assert client_ip(request_from("10.0.0.3", "not-an-address, 10.0.0.2")) == "10.0.0.3"
    assert client_ip(request_from("10.0.0.3", "10.0.0.2")) == "10.0.0.3"  # fewer hops than proxies


def test_periods_in_words():
    assert [period_words(r) for r in ("10/m", "5/10m", "20/h", "1/d", "3/30s")] == [
        "1 phút",
        "10 phút",
        "1 giờ",
        "1 ngày",
        "30 giây",
    ]
