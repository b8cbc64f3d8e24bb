"""``python -m countyadmin.sandbox`` is ``countyadmin-sandbox``."""

from countyadmin.sandbox.cli import main

raise SystemExit(main())
