/*
 * Optional native path for @aelab/kelm: the exact KELM fit in float64 with a system BLAS/LAPACK (OpenBLAS).
 * The kernel's inner products are one DSYRK, the kernel function is applied to the lower triangle, and DPOSV
 * factors K + I/C and solves for all classes at once: the same work scipy does, so it runs at LAPACK speed.
 * Built only on request (`pnpm --filter @aelab/kelm build-native`); the package works without it.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <node_api.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

/* Fortran BLAS/LAPACK entry points, column-major. */
extern void dsyrk_(const char *uplo, const char *trans, const int *n, const int *k, const double *alpha,
                   const double *a, const int *lda, const double *beta, double *c, const int *ldc);
extern void dsymm_(const char *side, const char *uplo, const int *m, const int *n, const double *alpha,
                   const double *a, const int *lda, const double *b, const int *ldb, const double *beta, double *c,
                   const int *ldc);
extern void dposv_(const char *uplo, const int *n, const int *nrhs, double *a, const int *lda, double *b,
                   const int *ldb, int *info);

enum { KERNEL_LINEAR = 0, KERNEL_RATE = 1, KERNEL_POLYNOMIAL = 2 };

#define CHECK(call)                                                                                              \
  do {                                                                                                           \
    if ((call) != napi_ok) {                                                                                     \
      napi_throw_error(env, "KELM_NATIVE", "native call failed: " #call);                                      \
      return NULL;                                                                                               \
    }                                                                                                            \
  } while (0)

static int typed_array(napi_env env, napi_value v, napi_typedarray_type want, void **data, size_t *length) {
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, v, &type, length, data, &buffer, &offset) != napi_ok) return 0;
  return type == want;
}

/*
 * kelmSolve(x: Float32Array (n x d row-major), n, d, y: Float64Array (n x c row-major), c, kernel, p1, p2, p3, shift)
 * -> [Float64Array beta (n x c row-major), relative residual max_q ||y_q - (K + shift I) beta_q|| / ||y_q||,
 *     seconds forming K, seconds factoring and solving, seconds for the residual], or
 * throws with code NOT_POSITIVE_DEFINITE / INVALID_ARGUMENT / OUT_OF_MEMORY.
 * kernel: 0 linear; 1 exp(-p1 ||a - b||^2); 2 (p1 a.b + p2)^p3.
 */
static napi_value kelm_solve(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value argv[10];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 10) {
    napi_throw_error(env, "INVALID_ARGUMENT", "kelmSolve takes 10 arguments");
    return NULL;
  }
  float *x;
  double *y;
  size_t xlen, ylen;
  int32_t n, d, c, kernel;
  double p1, p2, p3, shift;
  if (!typed_array(env, argv[0], napi_float32_array, (void **)&x, &xlen) ||
      !typed_array(env, argv[3], napi_float64_array, (void **)&y, &ylen)) {
    napi_throw_error(env, "INVALID_ARGUMENT", "kelmSolve wants a Float32Array x and a Float64Array y");
    return NULL;
  }
  CHECK(napi_get_value_int32(env, argv[1], &n));
  CHECK(napi_get_value_int32(env, argv[2], &d));
  CHECK(napi_get_value_int32(env, argv[4], &c));
  CHECK(napi_get_value_int32(env, argv[5], &kernel));
  CHECK(napi_get_value_double(env, argv[6], &p1));
  CHECK(napi_get_value_double(env, argv[7], &p2));
  CHECK(napi_get_value_double(env, argv[8], &p3));
  CHECK(napi_get_value_double(env, argv[9], &shift));
  if (n <= 0 || d <= 0 || c <= 0 || xlen != (size_t)n * d || ylen != (size_t)n * c) {
    napi_throw_error(env, "INVALID_ARGUMENT", "kelmSolve: shapes do not match");
    return NULL;
  }

  /* x row-major n x d is x^T column-major d x n: DSYRK with trans='T' forms X X^T. */
  double *xt = malloc(sizeof(double) * (size_t)n * d);
  double *k = malloc(sizeof(double) * (size_t)n * n);
  double *sq = malloc(sizeof(double) * (size_t)n);
  void *out_data;
  napi_value out_buffer, out;
  if (!xt || !k || !sq) {
    free(xt), free(k), free(sq);
    napi_throw_error(env, "OUT_OF_MEMORY", "kelmSolve: not enough memory for the kernel matrix");
    return NULL;
  }
  double t0 = now();
  for (size_t t = 0; t < (size_t)n * d; t++) xt[t] = x[t];
  const char lower = 'L', trans = 'T';
  const double one = 1.0, zero = 0.0;
  dsyrk_(&lower, &trans, &n, &d, &one, xt, &d, &zero, k, &n);
  free(xt);
  /* Column-major lower triangle: entry (i, j), i >= j, at k[j * n + i]. */
  for (int i = 0; i < n; i++) sq[i] = k[(size_t)i * n + i];
  for (int j = 0; j < n; j++) {
    double *col = k + (size_t)j * n;
    for (int i = j; i < n; i++) {
      double g = col[i];
      if (kernel == KERNEL_RATE) {
        double e = -p1 * (sq[i] + sq[j] - 2 * g);
        col[i] = exp(e < 0 ? e : 0);
      } else if (kernel == KERNEL_POLYNOMIAL) {
        col[i] = pow(p1 * g + p2, p3);
      }
    }
    col[j] += shift;
  }
  free(sq);

  /*
   * y row-major n x c -> b column-major n x c. DPOSV overwrites K's lower triangle with the factor; the residual needs
   * K itself, so its strict lower triangle is first mirrored into the unused strict upper one and its diagonal kept
   * aside: no second n x n buffer.
   */
  double *b = malloc(sizeof(double) * (size_t)n * c);
  double *diag = malloc(sizeof(double) * (size_t)n);
  if (!b || !diag) {
    free(k), free(b), free(diag);
    napi_throw_error(env, "OUT_OF_MEMORY", "kelmSolve: not enough memory");
    return NULL;
  }
  for (int i = 0; i < n; i++)
    for (int q = 0; q < c; q++) b[(size_t)q * n + i] = y[(size_t)i * c + q];
  double t1 = now();
  const int block = 64;
  for (int j0 = 0; j0 < n; j0 += block) {
    for (int i0 = j0; i0 < n; i0 += block) {
      int j1 = j0 + block < n ? j0 + block : n, i1 = i0 + block < n ? i0 + block : n;
      for (int j = j0; j < j1; j++)
        for (int i = (i0 > j + 1 ? i0 : j + 1); i < i1; i++) k[(size_t)i * n + j] = k[(size_t)j * n + i];
    }
  }
  for (int i = 0; i < n; i++) diag[i] = k[(size_t)i * n + i];
  int info_code = 0;
  dposv_(&lower, &n, &c, k, &n, b, &n, &info_code);
  if (info_code != 0) {
    free(k), free(b), free(diag);
    napi_throw_error(env, info_code > 0 ? "NOT_POSITIVE_DEFINITE" : "INVALID_ARGUMENT",
                     info_code > 0 ? "the kernel matrix plus I/C is not positive definite; use a smaller C"
                                   : "DPOSV rejected an argument");
    return NULL;
  }
  for (int i = 0; i < n; i++) k[(size_t)i * n + i] = diag[i];
  free(diag);
  double t2 = now();
  /* r = y - K beta with K's upper triangle and restored diagonal (DSYMM), in float64. */
  double *r = malloc(sizeof(double) * (size_t)n * c);
  if (!r) {
    free(k), free(b);
    napi_throw_error(env, "OUT_OF_MEMORY", "kelmSolve: not enough memory");
    return NULL;
  }
  for (int i = 0; i < n; i++)
    for (int q = 0; q < c; q++) r[(size_t)q * n + i] = y[(size_t)i * c + q];
  const char left = 'L';
  const double minus_one = -1.0;
  const char upper = 'U';
  dsymm_(&left, &upper, &n, &c, &minus_one, k, &n, b, &n, &one, r, &n);
  free(k);
  double worst = 0;
  for (int q = 0; q < c; q++) {
    double rr = 0, yy = 0;
    for (int i = 0; i < n; i++) {
      rr += r[(size_t)q * n + i] * r[(size_t)q * n + i];
      yy += y[(size_t)i * c + q] * y[(size_t)i * c + q];
    }
    double rel = yy > 0 ? sqrt(rr / yy) : sqrt(rr);
    if (rel > worst) worst = rel;
  }
  free(r);
  double t3 = now();
  if (napi_create_arraybuffer(env, sizeof(double) * (size_t)n * c, &out_data, &out_buffer) != napi_ok) {
    free(b);
    napi_throw_error(env, "OUT_OF_MEMORY", "kelmSolve: could not allocate the result");
    return NULL;
  }
  double *beta = out_data;
  for (int i = 0; i < n; i++)
    for (int q = 0; q < c; q++) beta[(size_t)i * c + q] = b[(size_t)q * n + i];
  free(b);
  napi_value result, value;
  CHECK(napi_create_typedarray(env, napi_float64_array, (size_t)n * c, out_buffer, 0, &out));
  CHECK(napi_create_array_with_length(env, 5, &result));
  CHECK(napi_set_element(env, result, 0, out));
  double numbers[4] = {worst, t1 - t0, t2 - t1, t3 - t2};
  for (uint32_t i = 0; i < 4; i++) {
    CHECK(napi_create_double(env, numbers[i], &value));
    CHECK(napi_set_element(env, result, i + 1, value));
  }
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_value fn;
  CHECK(napi_create_function(env, "kelmSolve", NAPI_AUTO_LENGTH, kelm_solve, NULL, &fn));
  CHECK(napi_set_named_property(env, exports, "kelmSolve", fn));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
