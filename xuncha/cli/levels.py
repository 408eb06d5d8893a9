"""How a 三色预警 level (procedure/warning.py) looks on a terminal: the colour clerks expect."""

LEVEL_STYLES = {"red": "bold red", "yellow": "yellow", "green": "green", "done": "dim"}


def level_style(level: str | None) -> str | None:
    return LEVEL_STYLES.get(level) if level else None
