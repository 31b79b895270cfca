"""Statutory annual report on children's services complaints: the tested library behind the notebooks."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
