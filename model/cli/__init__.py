"""The ``armsrace`` command line: ``main.py`` (subcommands, exit codes) and ``summary.py``
(the year-by-year table ``armsrace run`` prints)."""
