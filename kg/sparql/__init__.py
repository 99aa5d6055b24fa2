"""Reading a built graph: the Oxigraph store, queries and their result formats, the query guard, the endpoint, push."""
