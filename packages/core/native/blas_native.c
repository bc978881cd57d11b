/*
 * Optional native kernels for @aelab/core's `blas` backend: tfjs-backend-wasm with its matrix products (and a few
 * fused training kernels) computed by OpenBLAS. Every function works on Float32Array views of the WASM heap that
 * the TypeScript side hands over, so nothing is copied; outputs are always buffers the caller allocated for them,
 * never an input (tf.js shares buffers between tensors).
 * Built only on request (`pnpm --filter @aelab/core build-native`); the package works without it.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <node_api.h>

/* Fortran BLAS (column-major) and OpenBLAS's own controls. */
extern void sgemm_(const char *transa, const char *transb, const int *m, const int *n, const int *k, const float *alpha,
                   const float *a, const int *lda, const float *b, const int *ldb, const float *beta, float *c,
                   const int *ldc);
extern void openblas_set_num_threads(int n);
extern int openblas_get_num_threads(void);
extern char *openblas_get_config(void);
extern char *openblas_get_corename(void);

enum { ACT_LINEAR = 0, ACT_RELU = 1, ACT_SIGMOID = 2, ACT_RELU6 = 3, ACT_ELU = 4, ACT_LEAKYRELU = 5 };

#define CHECK(call)                                                                                              \
  do {                                                                                                           \
    if ((call) != napi_ok) {                                                                                     \
      napi_throw_error(env, "BLAS_NATIVE", "native call failed: " #call);                                      \
      return NULL;                                                                                               \
    }                                                                                                            \
  } while (0)

#define FAIL(code, message)                                                                                      \
  do {                                                                                                           \
    napi_throw_error(env, code, message);                                                                        \
    return NULL;                                                                                                 \
  } while (0)

/* A Float32Array argument; 0 if it is not one. */
static int floats(napi_env env, napi_value v, float **data, size_t *length) {
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  void *p;
  if (napi_get_typedarray_info(env, v, &type, length, &p, &buffer, &offset) != napi_ok) return 0;
  if (type != napi_float32_array) return 0;
  *data = p;
  return 1;
}

static int int_arg(napi_env env, napi_value v, int *out) {
  int32_t x;
  if (napi_get_value_int32(env, v, &x) != napi_ok) return 0;
  *out = x;
  return 1;
}

static int double_arg(napi_env env, napi_value v, double *out) { return napi_get_value_double(env, v, out) == napi_ok; }

static int is_nullish(napi_env env, napi_value v) {
  napi_valuetype t;
  return napi_typeof(env, v, &t) == napi_ok && (t == napi_null || t == napi_undefined);
}

/* Row-major C[m x n] = op(A)·op(B) + beta·C through column-major sgemm: Cᵀ = op(B)ᵀ·op(A)ᵀ. */
static void gemm_rm(int ta, int tb, int m, int n, int k, const float *a, const float *b, float beta, float *c) {
  const float one = 1.0f;
  const int lda = ta ? m : k;
  const int ldb = tb ? k : n;
  sgemm_(tb ? "T" : "N", ta ? "T" : "N", &n, &m, &k, &one, b, &ldb, a, &lda, &beta, c, &n);
}

static void activate(float *c, size_t count, int act, float alpha) {
  switch (act) {
    case ACT_RELU:
      for (size_t i = 0; i < count; i++) c[i] = c[i] > 0.0f ? c[i] : 0.0f;
      break;
    case ACT_SIGMOID:
      for (size_t i = 0; i < count; i++) c[i] = 1.0f / (1.0f + expf(-c[i]));
      break;
    case ACT_RELU6:
      for (size_t i = 0; i < count; i++) c[i] = c[i] < 0.0f ? 0.0f : (c[i] > 6.0f ? 6.0f : c[i]);
      break;
    case ACT_ELU:
      for (size_t i = 0; i < count; i++) c[i] = c[i] > 0.0f ? c[i] : expm1f(c[i]);
      break;
    case ACT_LEAKYRELU:
      for (size_t i = 0; i < count; i++) c[i] = c[i] > 0.0f ? c[i] : alpha * c[i];
      break;
    default:
      break;
  }
}

/*
 * gemm(a, b, out, batchA, batchB, m, n, k, transposeA, transposeB, bias | null, activation, alpha)
 * out[i] = act(op(a[i])·op(b[i]) + bias) for each batch item i, where a side with batch 1 is broadcast. bias has
 * n entries (one per column) or 1; `alpha` is leakyrelu's slope.
 */
static napi_value gemm(napi_env env, napi_callback_info info) {
  size_t argc = 13;
  napi_value argv[13];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 13) FAIL("INVALID_ARGUMENT", "gemm takes 13 arguments");
  float *a, *b, *c, *bias = NULL;
  size_t la, lb, lc, lbias = 0;
  int batch_a, batch_b, m, n, k, ta, tb, act;
  double alpha;
  if (!floats(env, argv[0], &a, &la) || !floats(env, argv[1], &b, &lb) || !floats(env, argv[2], &c, &lc))
    FAIL("INVALID_ARGUMENT", "gemm: a, b and out must be Float32Arrays");
  if (!int_arg(env, argv[3], &batch_a) || !int_arg(env, argv[4], &batch_b) || !int_arg(env, argv[5], &m) ||
      !int_arg(env, argv[6], &n) || !int_arg(env, argv[7], &k) || !int_arg(env, argv[8], &ta) ||
      !int_arg(env, argv[9], &tb) || !int_arg(env, argv[11], &act) || !double_arg(env, argv[12], &alpha))
    FAIL("INVALID_ARGUMENT", "gemm: sizes, flags and activation must be numbers");
  if (!is_nullish(env, argv[10]) && !floats(env, argv[10], &bias, &lbias))
    FAIL("INVALID_ARGUMENT", "gemm: bias must be a Float32Array or null");
  const int batch = batch_a > batch_b ? batch_a : batch_b;
  const size_t sa = (size_t)m * k, sb = (size_t)k * n, sc = (size_t)m * n;
  if (m < 0 || n < 0 || k < 0 || batch_a < 1 || batch_b < 1 || (batch_a != batch && batch_a != 1) ||
      (batch_b != batch && batch_b != 1) || la < sa * batch_a || lb < sb * batch_b || lc < sc * batch ||
      (bias && lbias != (size_t)n && lbias != 1))
    FAIL("INVALID_ARGUMENT", "gemm: array sizes do not match the shapes");
  for (int i = 0; i < batch; i++) {
    float *ci = c + sc * i;
    float beta = 0.0f;
    if (bias) {
      // The bias goes in first and sgemm adds the product to it (beta = 1): no second pass over C.
      for (int r = 0; r < m; r++) {
        float *row = ci + (size_t)r * n;
        if (lbias == 1)
          for (int j = 0; j < n; j++) row[j] = bias[0];
        else
          memcpy(row, bias, sizeof(float) * n);
      }
      beta = 1.0f;
    }
    if (k == 0) {
      if (!bias) memset(ci, 0, sizeof(float) * sc);
    } else if (m > 0 && n > 0) {
      gemm_rm(ta, tb, m, n, k, a + (batch_a == 1 ? 0 : sa * i), b + (batch_b == 1 ? 0 : sb * i), beta, ci);
    }
  }
  activate(c, sc * batch, act, (float)alpha);
  return NULL;
}

/*
 * adam(w[], g[], m[], v[], wOut[], mOut[], vOut[], beta1, beta2, lrT, epsHat): one Adam step over every parameter
 * in one call, w' = w - lrT·m' / (√v' + epsHat) with the bias corrections folded into lrT and epsHat.
 */
static napi_value adam(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value argv[11];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 11) FAIL("INVALID_ARGUMENT", "adam takes 11 arguments");
  double beta1, beta2, lr, eps;
  if (!double_arg(env, argv[7], &beta1) || !double_arg(env, argv[8], &beta2) || !double_arg(env, argv[9], &lr) ||
      !double_arg(env, argv[10], &eps))
    FAIL("INVALID_ARGUMENT", "adam: hyperparameters must be numbers");
  uint32_t count;
  CHECK(napi_get_array_length(env, argv[0], &count));
  for (int j = 1; j < 7; j++) {
    uint32_t other;
    if (napi_get_array_length(env, argv[j], &other) != napi_ok || other != count)
      FAIL("INVALID_ARGUMENT", "adam: the seven arrays of tensors must have the same length");
  }
  const float b1 = (float)beta1, b2 = (float)beta2, c1 = 1.0f - b1, c2 = 1.0f - b2, lrt = (float)lr, eh = (float)eps;
  for (uint32_t p = 0; p < count; p++) {
    float *x[7];
    size_t len[7];
    for (int j = 0; j < 7; j++) {
      napi_value e;
      CHECK(napi_get_element(env, argv[j], p, &e));
      if (!floats(env, e, &x[j], &len[j]) || len[j] != len[0])
        FAIL("INVALID_ARGUMENT", "adam: every tensor of a parameter must be a Float32Array of its size");
    }
    const float *w = x[0], *g = x[1], *m = x[2], *v = x[3];
    float *wo = x[4], *mo = x[5], *vo = x[6];
    for (size_t i = 0; i < len[0]; i++) {
      const float gi = g[i];
      const float mi = b1 * m[i] + c1 * gi;
      const float vi = b2 * v[i] + c2 * gi * gi;
      mo[i] = mi;
      vo[i] = vi;
      wo[i] = w[i] - lrt * mi / (sqrtf(vi) + eh);
    }
  }
  return NULL;
}

/* setThreads(n): OpenBLAS's thread count for every later call. */
static napi_value set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int n;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 1 || !int_arg(env, argv[0], &n) || n < 1) FAIL("INVALID_ARGUMENT", "setThreads takes a positive integer");
  openblas_set_num_threads(n);
  return NULL;
}

/* info() -> [threads, OpenBLAS build configuration, core type in use] */
static napi_value blas_info(napi_env env, napi_callback_info info) {
  napi_value result, value;
  CHECK(napi_create_array_with_length(env, 3, &result));
  CHECK(napi_create_int32(env, openblas_get_num_threads(), &value));
  CHECK(napi_set_element(env, result, 0, value));
  CHECK(napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &value));
  CHECK(napi_set_element(env, result, 1, value));
  CHECK(napi_create_string_utf8(env, openblas_get_corename(), NAPI_AUTO_LENGTH, &value));
  CHECK(napi_set_element(env, result, 2, value));
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  const napi_property_descriptor props[] = {
      {"gemm", NULL, gemm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"adam", NULL, adam, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setThreads", NULL, set_threads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"info", NULL, blas_info, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
