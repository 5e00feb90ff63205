from termlang.cli import entry

entry()
