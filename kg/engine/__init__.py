"""Running the stages: one article (analyze), many in processes (parallel) or on Dask (distributed), the whole build (pipeline)."""
