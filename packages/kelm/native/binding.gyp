{
  "targets": [
    {
      "target_name": "kelm_native",
      "sources": ["kelm_native.c"],
      "cflags": ["-O3", "-std=c11"],
      "libraries": ["-lopenblas", "-lm"]
    }
  ]
}
