"""One module per subcommand: `run(args) -> exit status`. Imported only when used."""

# The exit status of every command (`termlang.cli` returns what `run` returns).
EXIT_OK = 0  # success: no errors, expectations met, no differences
EXIT_FINDINGS = 1  # errors (or warnings with --warnings-as-errors), failed expectations, changes
EXIT_USAGE = 2  # usage, input or I/O problems: the command could not do its work
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it)
