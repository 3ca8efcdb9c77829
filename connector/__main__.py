"""`python -m connector ...`: the developer's and partner's commands, which live in `connector.tools`.

Not part of the deployment package (see `.funcignore`); the runtime never imports the tools.
"""

import sys

from connector.tools.cli import main

sys.exit(main())
