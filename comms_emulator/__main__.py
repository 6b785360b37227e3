import sys

from comms_emulator.cli import main

sys.exit(main())
