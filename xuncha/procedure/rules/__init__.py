"""Every rule module of the procedure; importing this package registers them all."""

from . import references  # noqa: F401
from . import order  # noqa: F401
