"""Content of the home page that is not a translated sentence."""

from pathlib import Path

CARD_DIR = Path(__file__).resolve().parents[1] / "assets" / "cards"
CARDS_PER_ROW = 3
