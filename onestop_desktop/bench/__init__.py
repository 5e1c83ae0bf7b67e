"""The benchmark: `python -m onestop_desktop bench` (`runner.py`), the synthetic sync files it
and the tests import (`synthetic.py`), the plain baselines it measures beside each figure
(`plain.py`, raw SQL by definition) and a throwaway PostgreSQL server (`throwaway_pg.py`).
Nothing of the desk or of upstream imports this package."""
