"""Decimal helpers for the consistent-by-construction articles 17-32 (ROUND_HALF_UP everywhere)."""
from decimal import Decimal as D, ROUND_HALF_UP
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def q(x, d=1):
    """round half up to d decimals, as a string"""
    return str(D(x).quantize(D(1).scaleb(-d), rounding=ROUND_HALF_UP))


def S(*xs):
    """exact sum as Decimal"""
    return sum(D(x) for x in xs)


def sub(a, b):
    return str(D(a) - D(b))


def add(*xs):
    return str(S(*xs))


def pct(part, whole, d=1):
    """share part/whole in percent"""
    return q(D(part) / D(whole) * 100, d)


def gr(cur, inc, d=1):
    """growth rate from current value and increase (increase may be negative)"""
    return q(D(inc) / (D(cur) - D(inc)) * 100, d)


def dec(cur, drop, d=1):
    """decline rate from current value and decrease amount (positive)"""
    return q(D(drop) / (D(cur) + D(drop)) * 100, d)


def pp(a, b, d=1):
    """percentage-point difference a - b"""
    return q(D(a) - D(b), d)


def times(a, b, d=1):
    return q(D(a) / D(b), d)


def per(total, n, d=0):
    return q(D(total) / D(n), d)


def eq(a, b):
    assert D(a) == D(b), (a, b)


def ratio3(a, b, c, whole, d=1):
    """structure a:b:c in percent; asserts the rounded shares add to 100"""
    xs = [pct(a, whole, d), pct(b, whole, d), pct(c, whole, d)]
    assert S(*xs) == 100, xs
    return xs


FW = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


def fw(s):
    """full-width digits"""
    return s.translate(FW)


def write(name, title, date, body):
    body = body.strip("\n")
    n = len(body.replace("\n", ""))
    assert 400 <= n <= 1200, (name, n)
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(f"{title}\n{date}\n{body}\n")
    print(name, n, "chars")
