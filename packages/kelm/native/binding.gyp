{
  "includes": ["openblas.gypi"],
  "targets": [
    {
      "target_name": "kelm_native",
      "sources": ["kelm_native.c"]
    }
  ]
}
