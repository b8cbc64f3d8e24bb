"""Plain rules and data of the county's world: no Qt, no I/O."""
