"""Pure domain rules of the one-stop counter: no Qt, no SQL."""
