"""Entities and Assertions -> RDF: namespaces and ontology, IRIs, term conversion, quads with provenance, SHACL."""
