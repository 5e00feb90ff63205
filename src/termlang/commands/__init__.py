"""One module per subcommand: `run(args) -> exit status`. Imported only when used."""
