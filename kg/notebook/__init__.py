"""The notebook API (placeholder; split below)."""

from kg.notebook.analyses import *  # noqa: F403
from kg.notebook.analyses import STATIC, VIS_NETWORK_JS, _vis_data  # noqa: F401
