{
  "includes": ["openblas.gypi"],
  "targets": [
    {
      "target_name": "blas_native",
      "sources": ["blas_native.c"]
    }
  ]
}
