"""One handler per clause family (`core.Handler`), registered by kind keyword in
evaluate/engine.py: each module holds the core and its own state, and schedules its clauses'
change points on the core's heap."""
