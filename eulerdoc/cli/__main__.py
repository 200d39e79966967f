"""``python -m eulerdoc``: the command line, ending normally (so profilers and coverage
tools that run it as a module see the whole run); the ``eulerdoc`` script ends faster."""

import sys

from eulerdoc.cli import main

sys.exit(main())
