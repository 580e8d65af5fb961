"""Decimal helpers (ROUND_HALF_UP) for consistent articles 81-96."""
from decimal import Decimal as D, ROUND_HALF_UP
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def q(x, d=1):
    return str(D(x).quantize(D(1).scaleb(-d), rounding=ROUND_HALF_UP))


def pct(part, whole, d=1):
    return q(D(part) / D(whole) * 100, d)


def gr(cur, inc, d=1):
    """growth rate from current value and increase"""
    return q(D(inc) / (D(cur) - D(inc)) * 100, d)


def dec(cur, drop, d=1):
    """decline rate from current value and (positive) decrease"""
    return q(D(drop) / (D(cur) + D(drop)) * 100, d)


def add(*xs):
    return str(sum(D(x) for x in xs))


def sub(a, b):
    return str(D(a) - D(b))


def times(a, b, d=1):
    return q(D(a) / D(b), d)


def pp(a, b, d=1):
    return q(D(a) - D(b), d)


def fw(s):
    """full-width digits"""
    return s.translate(str.maketrans("0123456789.%", "０１２３４５６７８９．％"))


def write(name, text):
    text = text.strip("\n") + "\n"
    n = len("".join(text.splitlines()[2:]))
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(text)
    print(name, n)
