from decimal import Decimal, ROUND_HALF_UP
import os
OUT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
def D(x): return Decimal(str(x))
def q(x, d=1):
    e = Decimal(1).scaleb(-d)
    return str(D(x).quantize(e, rounding=ROUND_HALF_UP))
def share(p, w, d=1): return q(D(p) / D(w) * 100, d)
def growth(cur, chg, d=1): return q(D(chg) / (D(cur) - D(chg)) * 100, d)
def gprev(cur, prev, d=1): return q((D(cur) - D(prev)) / D(prev) * 100, d)
def times(a, b, d=2): return q(D(a) / D(b), d)
def add(*xs): return str(sum(D(x) for x in xs))
def sub(a, b): return str(D(a) - D(b))
def write(name, title, date, body):
    txt = title + "\n" + date + "\n" + body.strip() + "\n"
    n = len(txt)
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(txt)
    print(name, n)
