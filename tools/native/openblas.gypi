# Shared by every aelab addon over OpenBLAS (packages/kelm/native, packages/core/native): one place for the
# compiler flags and the library discovery. build-native.mjs copies it into each package's native/ directory
# (gitignored there, and packed with the package), so a binding.gyp includes the copy beside it:
#   "includes": ["openblas.gypi"]
# The addons declare the BLAS/LAPACK symbols they call themselves, so no header is needed; pkg-config only
# contributes library directories where OpenBLAS lives outside the linker's default path.
{
  "target_defaults": {
    # -fno-math-errno lets gcc vectorise sqrtf (the addons never read errno); -fno-trapping-math lets it vectorise
    # loops with conditional selects (the addons never test floating-point exception flags). Neither changes a result.
    "cflags": ["-O3", "-std=c11", "-fno-math-errno", "-fno-trapping-math", "-Wall", "-Wno-unused-parameter"],
    "ldflags": ["<!@(pkg-config --libs-only-L openblas 2>/dev/null || true)"],
    "libraries": ["-lopenblas", "-lm"]
  }
}
