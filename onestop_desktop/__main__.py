"""`python -m onestop_desktop …`: the command line."""

import sys

from onestop_desktop.cli import main

sys.exit(main())
