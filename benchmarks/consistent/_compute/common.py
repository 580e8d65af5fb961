"""Helpers: every derived figure in the articles is computed here with Decimal, ROUND_HALF_UP."""
from decimal import Decimal as D, ROUND_HALF_UP
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

def q(x, d=1):
    """round half up to d decimals, as a string"""
    return str(D(x).quantize(D(1).scaleb(-d), rounding=ROUND_HALF_UP))

def pct(part, whole, d=1):
    return q(D(part) / D(whole) * 100, d)

def gr(cur, inc, d=1):
    """growth rate from current value and increase (increase may be negative)"""
    return q(D(inc) / (D(cur) - D(inc)) * 100, d)

def dec(cur, drop, d=1):
    """decline rate from current value and decrease amount (positive)"""
    return q(D(drop) / (D(cur) + D(drop)) * 100, d)

def S(*xs):
    return sum(D(x) for x in xs)

def times(cur, prev, d=1):
    return q(D(cur) / D(prev), d)

def pp(a, b, d=1):
    return q(D(a) - D(b), d)

def eq(a, b):
    assert D(a) == D(b), (a, b)

def write(name, title, date, body):
    body = body.strip("\n")
    n = len(body.replace("\n", ""))
    assert 400 <= n <= 1200, (name, n)
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(f"{title}\n{date}\n{body}\n")
    print(name, n, "chars")
