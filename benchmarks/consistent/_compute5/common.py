"""Decimal helpers (ROUND_HALF_UP) for consistent benchmark articles 65-80."""
from decimal import Decimal as D, ROUND_HALF_UP
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def q(x, d=1):
    return str(D(x).quantize(D(1).scaleb(-d), rounding=ROUND_HALF_UP))


def pct(part, whole, d=1):
    """share part/whole in percent"""
    return q(D(part) / D(whole) * 100, d)


def gr(cur, inc, d=1):
    """growth rate from current value and increase: inc / (cur - inc)"""
    return q(D(inc) / (D(cur) - D(inc)) * 100, d)


def gr2(cur, prev, d=1):
    """growth rate from current and previous values"""
    return q((D(cur) - D(prev)) / D(prev) * 100, d)


def dec(cur, drop, d=1):
    """decline rate from current value and positive decrease: drop / (cur + drop)"""
    return q(D(drop) / (D(cur) + D(drop)) * 100, d)


def S(*xs):
    return sum(D(x) for x in xs)


def add(*xs):
    return str(S(*xs))


def sub(a, b):
    return str(D(a) - D(b))


def times(a, b, d=1):
    return q(D(a) / D(b), d)


def pp(a, b, d=1):
    return q(D(a) - D(b), d)


def fw(s):
    """full-width digits, point and percent"""
    return s.translate(str.maketrans("0123456789.%", "０１２３４５６７８９．％"))


def write(name, title, date, body):
    body = body.strip("\n")
    n = len(body.replace("\n", ""))
    assert 500 <= n <= 1300, (name, n)
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(f"{title}\n{date}\n{body}\n")
    print(name, n)
