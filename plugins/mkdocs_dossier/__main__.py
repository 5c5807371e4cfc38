"""``python -m mkdocs_dossier``: the ``dossier`` command."""

import sys

from .cli import main

sys.exit(main())
