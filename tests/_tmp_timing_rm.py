import time
def test_a(session):
    pass
def test_b(demo):
    pass
def test_c(demo):
    pass
