"""Every rule module of the procedure; importing this package registers them all."""

from . import deadlines  # noqa: F401
from . import documents  # noqa: F401
from . import numbers  # noqa: F401
from . import order  # noqa: F401
from . import problems  # noqa: F401
from . import references  # noqa: F401
from . import teams  # noqa: F401
from . import future  # noqa: F401
from . import identity  # noqa: F401
