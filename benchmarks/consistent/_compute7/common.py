"""Decimal helpers for the consistent-by-construction articles (ROUND_HALF_UP everywhere)."""
from decimal import Decimal as D, ROUND_HALF_UP
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent


def q(x, places=1):
    """Round x to `places` decimals, half up, as a string."""
    exp = D(1).scaleb(-places)
    return str(D(x).quantize(exp, rounding=ROUND_HALF_UP))


def pct(part, whole, places=1):
    """part/whole as a percentage."""
    return q(D(part) / D(whole) * 100, places)


def growth(cur, change, places=1):
    """Growth rate from current value and change amount."""
    cur, change = D(cur), D(change)
    return q(change / (cur - change) * 100, places)


def rate(cur, prev, places=1):
    return q((D(cur) - D(prev)) / D(prev) * 100, places)


def ssum(*xs):
    return sum((D(x) for x in xs), D(0))


def mult(a, b, places=1):
    return q(D(a) / D(b), places)


def write(name, title, date, body):
    text = f"{title}\n{date}\n{body.strip()}\n"
    n = len(body.strip())
    assert 500 <= n <= 1200, (name, n)
    (OUT / name).write_text(text, encoding="utf-8")
    print(name, n)
